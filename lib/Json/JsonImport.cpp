//===- JsonImport.cpp - JSON network description -> snn dialect -----------===//
//
// Walks the tree of JsonTree.h field by field. Everything that concerns one
// JSON value (its type, its range, a name it refers to) is checked here,
// where its position is known, and reported as `path: message` at that
// value. What concerns the network as a whole (parameter constraints,
// delays against the timestep, whether a connector fits its endpoints,
// weight signs, cam cues against the cam's size) is left to the snn
// verifiers, which run on the result and report at the JSON object that
// produced the op (for a cam's protocol, at the operation's own object).
//
//===----------------------------------------------------------------------===//

#include "glia/Json/NetworkJson.h"

#include "CatalogueNames.h"
#include "JsonTree.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <limits>
#include <map>

using namespace mlir;
using glia::models::CellTypeInfo;
using glia::models::ModelInfo;

namespace glia::json {
namespace {

/// Arrays up to this many entries stay inline in the IR as dense elements;
/// longer ones go into resource blobs, so the IR prints small.
constexpr size_t kMaxInlineElements = 64;

/// Neuron indices are 32-bit in the runtime and on the board.
constexpr int64_t kMaxNeurons = (int64_t(1) << 31) - 1;

/// A resource blob name built from a label: identifier characters only.
std::string blobName(llvm::StringRef label, llvm::StringRef field) {
  std::string name = (label + "_" + field).str();
  for (char &c : name)
    if (!llvm::isAlnum(c))
      c = '_';
  return name;
}

/// A getChecked result: null after its verifier reported an error.
FailureOr<Attribute> orFailure(Attribute attr) {
  if (!attr)
    return failure();
  return attr;
}

/// A JSON value and its path from the root, as messages name it:
/// `projections[2].connector.p_connect`.
struct Item {
  const Node *node;
  std::string path;

  Item element(size_t index) const {
    return {&node->elements[index], elementPath(path, index)};
  }
};

/// A population or a view of one, as a projection or recording uses it.
struct Endpoint {
  Value value;
  int64_t size;
  std::string label; // of the population, for messages
};

class Importer {
public:
  Importer(llvm::SourceMgr &sourceMgr, MLIRContext *context)
      : sourceMgr(sourceMgr), context(context), builder(context),
        bufferId(sourceMgr.getMainFileID()),
        text(sourceMgr.getMemoryBuffer(bufferId)->getBuffer()),
        fileName(StringAttr::get(
            context,
            sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier())) {}

  OwningOpRef<ModuleOp> run();

private:
  // Positions and messages.
  Location locate(size_t offset) const;
  InFlightDiagnostic error(size_t offset, llvm::StringRef path);
  InFlightDiagnostic error(const Item &item) {
    return error(item.node->offset, item.path);
  }
  /// "path: <expected>, got <the value>".
  InFlightDiagnostic mismatch(const Item &item, const llvm::Twine &expected);
  /// The same for element `index` of a packed array.
  InFlightDiagnostic packedMismatch(const Item &array, size_t index,
                                    const llvm::Twine &expected);
  std::string describe(const Node &node) const;

  // Objects.
  LogicalResult expectObject(const Item &item);
  LogicalResult checkKeys(const Item &object,
                          llvm::ArrayRef<llvm::StringRef> accepted,
                          llvm::StringRef what = "field");
  std::optional<Item> optionalField(const Item &object, llvm::StringRef key);
  FailureOr<Item> requiredField(const Item &object, llvm::StringRef key);
  /// `read` applied to the required field `key`.
  template <typename Read>
  auto readRequired(const Item &object, llvm::StringRef key, Read read)
      -> decltype(read(std::declval<const Item &>()));

  // Scalars.
  FailureOr<double> readNumber(const Item &item);
  FailureOr<double> readPositive(const Item &item);
  FailureOr<int64_t> readInteger(const Item &item, int64_t min, int64_t max,
                                 llvm::StringRef expected);
  FailureOr<bool> readBool(const Item &item);
  FailureOr<llvm::StringRef> readString(const Item &item);
  FailureOr<int64_t> readSeed(const Item &item);
  FailureOr<double> readNumberOr(const Item &object, llvm::StringRef key,
                                 double defaultValue);
  FailureOr<bool> readBoolOr(const Item &object, llvm::StringRef key,
                             bool defaultValue);
  FailureOr<std::string> readLabelOr(const Item &object,
                                     const std::string &generated);
  FailureOr<llvm::StringRef> readType(const Item &object, Item &typeItem);

  // Arrays.
  LogicalResult expectArrayOf(const Item &item,
                              llvm::StringRef expectedElement);
  FailureOr<llvm::ArrayRef<double>> readNumbers(const Item &item);
  template <typename T>
  ElementsAttr makeArray(llvm::ArrayRef<T> values, Type elementType,
                         llvm::StringRef name);

  /// One of several object shapes chosen by a string field (a distribution,
  /// a CAM operation): its name and every field it accepts.
  struct Variant {
    llvm::StringRef name;
    std::vector<llvm::StringRef> fields;
  };
  /// The variant named by the string field `key` of `item`; the item's keys
  /// are checked against that variant's fields.
  FailureOr<const Variant *> readVariant(const Item &item, llvm::StringRef key,
                                         llvm::ArrayRef<Variant> variants);

  // Parameter values, weights and delays.
  FailureOr<Attribute> readValue(const Item &item, int64_t count,
                                 llvm::StringRef name);
  FailureOr<Attribute> readDistribution(const Item &item);
  FailureOr<Attribute> readSynapseValue(const Item &object, llvm::StringRef key,
                                        double defaultValue);
  FailureOr<Attribute> readSpikeTimes(const Item &item, int64_t count,
                                      llvm::StringRef label);

  // The network.
  LogicalResult importDocument(const Item &root);
  LogicalResult checkFormat(const Item &root);
  LogicalResult createNetwork(const Item &root);
  struct Simulation {
    double timestep = 0.1; // PyNN's default
    int64_t seed = 0;
    FloatAttr duration;
    snn::IntegrationAttr integration; // null: exact
  };
  FailureOr<Simulation> readSimulation(const Item &root);
  LogicalResult importAll(const Item &root, llvm::StringRef key, bool required,
                          LogicalResult (Importer::*import)(const Item &,
                                                            size_t));
  template <typename Import>
  LogicalResult forEachObject(const Item &object, llvm::StringRef key,
                              Import import);
  LogicalResult claimLabel(const std::string &label, const Item &where,
                           bool generated);

  LogicalResult importPopulation(const Item &item, size_t index);
  FailureOr<snn::CellType> readCellType(const Item &item);
  FailureOr<DictionaryAttr> readParameters(const Item &object,
                                           const ModelInfo &info, int64_t size,
                                           llvm::StringRef label);
  FailureOr<DictionaryAttr> readInitialValues(const Item &object,
                                              const ModelInfo &info,
                                              int64_t size,
                                              llvm::StringRef label);

  LogicalResult importCam(const Item &item, size_t index);
  /// What drives a cam: an input population, or a protocol of operations
  /// with the JSON location of each (for the verifier's messages).
  struct CamSource {
    Value input;
    ArrayAttr protocol;
    llvm::SmallVector<Location> operationLocations;
  };
  FailureOr<CamSource> readCamSource(const Item &cam, int64_t size);
  FailureOr<CamSource> readProtocol(const Item &cam, const Item &list);
  FailureOr<Attribute> readOperation(const Item &item, double &time);
  FailureOr<int64_t> readCue(const Item &item);
  FailureOr<DenseI64ArrayAttr> readContentBits(const Item &item);
  FailureOr<DictionaryAttr> readCamParameters(const Item &cam,
                                              llvm::StringRef key);
  FailureOr<snn::StdpSynapseAttr> readLearning(const Item &item);

  LogicalResult importProjection(const Item &item, size_t index);
  FailureOr<Endpoint> readEndpoint(const Item &item);
  FailureOr<Endpoint> readPopulationLabel(const Item &item);
  Value getView(const Endpoint &whole, int64_t start, int64_t stop,
                const Item &where);
  FailureOr<Attribute> readConnector(const Item &item, const Endpoint &pre,
                                     const Endpoint &post,
                                     llvm::StringRef label);
  FailureOr<Attribute> readAllToAll(const Item &item);
  FailureOr<Attribute> readFixedProbability(const Item &item);
  FailureOr<Attribute> readFixedNumber(const Item &item, bool pre);
  FailureOr<Attribute> readFromList(const Item &item, const Endpoint &pre,
                                    const Endpoint &post,
                                    llvm::StringRef label);
  /// The columns of a FromListConnector, as the snn.from_list arrays.
  struct Connections {
    std::vector<int32_t> pre, post;
    std::vector<double> weights, delays;
  };
  LogicalResult readConnection(const Item &row,
                               llvm::ArrayRef<llvm::StringRef> columns,
                               const Endpoint &pre, const Endpoint &post,
                               Connections &connections);
  FailureOr<llvm::SmallVector<llvm::StringRef>>
  readColumnNames(const Item &object, const Item &list);
  FailureOr<Attribute> readSynapse(const Item &projection);
  enum class SynapseKind { Static, Stdp, TraceStdp };
  FailureOr<Attribute> readSynapseFields(const Item &item, SynapseKind kind);
  FailureOr<Attribute> readStdp(const Item &item, Attribute weight,
                                Attribute delay);
  FailureOr<Attribute> readTraceStdp(const Item &item, Attribute weight,
                                     Attribute delay);
  /// PyNN's SpikePairRule and weight dependences, with their defaults.
  struct TimingDependence {
    snn::StoredF64 tauPlus = 20.0, tauMinus = 20.0, aPlus = 0.01, aMinus = 0.01;
  };
  struct WeightDependence {
    snn::WeightDependence kind = snn::WeightDependence::additive;
    snn::StoredF64 wMin = 0.0, wMax = 1.0;
  };
  FailureOr<TimingDependence> readTimingDependence(const Item &item);
  FailureOr<WeightDependence> readWeightDependence(const Item &item);

  LogicalResult importAstrocytes(const Item &item, size_t index);
  FailureOr<snn::AstroModel> readAstroModel(const Item &item);
  LogicalResult importListen(const Item &item, Value astrocytes);
  LogicalResult importModulate(const Item &item, Value astrocytes);
  LogicalResult importInject(const Item &item, Value astrocytes);
  FailureOr<FlatSymbolRefAttr> readProjectionLabel(const Item &item);
  FailureOr<snn::Modulation> readEffect(const Item &item);

  LogicalResult importRecording(const Item &item, size_t index);
  FailureOr<Endpoint> readRecordingTarget(const Item &item);

  /// Moves a cam verifier error about one protocol operation to that
  /// operation's JSON object.
  LogicalResult relocateProtocolError(Diagnostic &diagnostic);

  llvm::SourceMgr &sourceMgr;
  MLIRContext *context;
  OpBuilder builder;
  unsigned bufferId;
  llvm::StringRef text;
  StringAttr fileName;

  OwningOpRef<ModuleOp> module;
  double timestep = 0;
  /// Populations and cams (whose output layer is used as a population).
  llvm::StringMap<Endpoint> populations;
  llvm::StringSet<> projections;
  llvm::StringMap<Endpoint> astrocytes;
  /// Population, cam, projection and astrocyte labels share one namespace;
  /// each maps to the path of its first user.
  llvm::StringMap<std::string> labels;
  /// The location of each cam with a protocol -> those of its operations.
  llvm::DenseMap<Location, llvm::SmallVector<Location>> protocolLocations;
  std::map<std::tuple<std::string, int64_t, int64_t>, Value> views;
};

//===----------------------------------------------------------------------===//
// Positions and messages
//===----------------------------------------------------------------------===//

Location Importer::locate(size_t offset) const {
  auto [line, column] = sourceMgr.getLineAndColumn(
      llvm::SMLoc::getFromPointer(text.data() + offset), bufferId);
  return FileLineColLoc::get(fileName, line, column);
}

InFlightDiagnostic Importer::error(size_t offset, llvm::StringRef path) {
  InFlightDiagnostic diagnostic = emitError(locate(offset));
  if (!path.empty())
    diagnostic << path << ": ";
  return diagnostic;
}

InFlightDiagnostic Importer::mismatch(const Item &item,
                                      const llvm::Twine &expected) {
  return error(item) << expected << ", got " << describe(*item.node);
}

InFlightDiagnostic Importer::packedMismatch(const Item &array, size_t index,
                                            const llvm::Twine &expected) {
  size_t offset = packedElementOffset(text, array.node->offset, index);
  return error(offset, elementPath(array.path, index))
         << expected << ", got " << scalarText(text, offset);
}

std::string Importer::describe(const Node &node) const {
  if (node.isObject())
    return "an object";
  if (node.isArray())
    return "an array";
  return scalarText(text, node.offset);
}

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

LogicalResult Importer::expectObject(const Item &item) {
  if (item.node->isObject())
    return success();
  return mismatch(item, "expected an object");
}

/// Unknown and repeated keys are errors: a misspelt optional field would
/// otherwise silently take its default.
LogicalResult Importer::checkKeys(const Item &object,
                                  llvm::ArrayRef<llvm::StringRef> accepted,
                                  llvm::StringRef what) {
  llvm::StringSet<> seen;
  for (const Member &member : object.node->members) {
    std::string path = memberPath(object.path, member.key);
    if (!llvm::is_contained(accepted, member.key))
      return error(member.keyOffset, path)
             << "unknown " << what
             << "; expected one of: " << llvm::join(accepted, ", ");
    if (!seen.insert(member.key).second)
      return error(member.keyOffset, path) << "duplicate " << what;
  }
  return success();
}

std::optional<Item> Importer::optionalField(const Item &object,
                                            llvm::StringRef key) {
  for (const Member &member : object.node->members)
    if (member.key == key)
      return Item{&member.value, memberPath(object.path, key)};
  return std::nullopt;
}

FailureOr<Item> Importer::requiredField(const Item &object,
                                        llvm::StringRef key) {
  if (std::optional<Item> item = optionalField(object, key))
    return *item;
  return error(object) << "missing required field '" << key << "'";
}

template <typename Read>
auto Importer::readRequired(const Item &object, llvm::StringRef key, Read read)
    -> decltype(read(std::declval<const Item &>())) {
  FailureOr<Item> item = requiredField(object, key);
  if (failed(item))
    return failure();
  return read(*item);
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

FailureOr<double> Importer::readNumber(const Item &item) {
  if (item.node->kind != Node::Kind::Number)
    return mismatch(item, "expected a number");
  return item.node->number;
}

FailureOr<double> Importer::readPositive(const Item &item) {
  FailureOr<double> value = readNumber(item);
  if (succeeded(value) && !(*value > 0))
    return mismatch(item, "must be > 0");
  return value;
}

FailureOr<int64_t> Importer::readInteger(const Item &item, int64_t min,
                                         int64_t max,
                                         llvm::StringRef expected) {
  const Node &node = *item.node;
  if (node.kind != Node::Kind::Number || !node.isInteger ||
      node.integer < min || node.integer > max)
    return mismatch(item, "expected " + expected);
  return node.integer;
}

FailureOr<bool> Importer::readBool(const Item &item) {
  if (item.node->kind != Node::Kind::Boolean)
    return mismatch(item, "expected true or false");
  return item.node->boolean;
}

FailureOr<llvm::StringRef> Importer::readString(const Item &item) {
  if (item.node->kind != Node::Kind::String)
    return mismatch(item, "expected a string");
  return llvm::StringRef(item.node->string);
}

FailureOr<int64_t> Importer::readSeed(const Item &item) {
  return readInteger(item, 0, std::numeric_limits<int64_t>::max(),
                     "a non-negative integer below 2^63");
}

FailureOr<double> Importer::readNumberOr(const Item &object,
                                         llvm::StringRef key,
                                         double defaultValue) {
  std::optional<Item> item = optionalField(object, key);
  return item ? readNumber(*item) : defaultValue;
}

FailureOr<bool> Importer::readBoolOr(const Item &object, llvm::StringRef key,
                                     bool defaultValue) {
  std::optional<Item> item = optionalField(object, key);
  return item ? readBool(*item) : defaultValue;
}

/// The object's "label", or `generated` (as PyNN, labels are optional).
FailureOr<std::string> Importer::readLabelOr(const Item &object,
                                             const std::string &generated) {
  std::optional<Item> item = optionalField(object, "label");
  if (!item) {
    if (failed(claimLabel(generated, object, /*generated=*/true)))
      return failure();
    return generated;
  }
  FailureOr<llvm::StringRef> label = readString(*item);
  if (failed(label))
    return failure();
  if (label->empty())
    return mismatch(*item, "expected a non-empty label");
  if (failed(claimLabel(label->str(), *item, /*generated=*/false)))
    return failure();
  return label->str();
}

/// The required "type" of a connector, synapse or rule object.
FailureOr<llvm::StringRef> Importer::readType(const Item &object,
                                              Item &typeItem) {
  if (failed(expectObject(object)))
    return failure();
  FailureOr<Item> item = requiredField(object, "type");
  if (failed(item))
    return failure();
  typeItem = *item;
  return readString(typeItem);
}

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

/// Checks that `item` is an array of objects, strings or arrays (not of
/// numbers); its elements are then `item.element(i)`.
LogicalResult Importer::expectArrayOf(const Item &item,
                                      llvm::StringRef expectedElement) {
  if (!item.node->isArray())
    return mismatch(item, "expected an array");
  if (!item.node->numbers.empty())
    return packedMismatch(item, 0, "expected " + expectedElement);
  return success();
}

/// The entries of an array of numbers.
FailureOr<llvm::ArrayRef<double>> Importer::readNumbers(const Item &item) {
  const Node &node = *item.node;
  if (!node.isArray())
    return mismatch(item, "expected an array of numbers");
  // An unpacked array holds at least one element that is not a number.
  for (size_t i = 0; i < node.elements.size(); ++i)
    if (node.elements[i].kind != Node::Kind::Number)
      return mismatch(item.element(i), "expected a number");
  return llvm::ArrayRef<double>(node.numbers);
}

template <typename T>
ElementsAttr Importer::makeArray(llvm::ArrayRef<T> values, Type elementType,
                                 llvm::StringRef name) {
  auto type = RankedTensorType::get({int64_t(values.size())}, elementType);
  if (values.size() <= kMaxInlineElements)
    return DenseElementsAttr::get(type, values);
  return DenseResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
}

//===----------------------------------------------------------------------===//
// Parameter values, weights and delays
//===----------------------------------------------------------------------===//

/// A number, a distribution, or one number per neuron (`count` of them).
FailureOr<Attribute> Importer::readValue(const Item &item, int64_t count,
                                         llvm::StringRef name) {
  const Node &node = *item.node;
  if (node.kind == Node::Kind::Number)
    return Attribute(builder.getF64FloatAttr(node.number));
  if (node.isObject())
    return readDistribution(item);
  if (!node.isArray())
    return mismatch(item, "expected a number, a distribution object or an "
                          "array with one number per neuron");
  FailureOr<llvm::ArrayRef<double>> values = readNumbers(item);
  if (failed(values))
    return failure();
  if (int64_t(values->size()) != count)
    return error(item) << "expected one number per neuron (" << count
                       << "), got " << values->size();
  return Attribute(makeArray(*values, builder.getF64Type(), name));
}

FailureOr<const Importer::Variant *>
Importer::readVariant(const Item &item, llvm::StringRef key,
                      llvm::ArrayRef<Variant> variants) {
  FailureOr<Item> nameItem = requiredField(item, key);
  if (failed(nameItem))
    return failure();
  FailureOr<llvm::StringRef> name = readString(*nameItem);
  if (failed(name))
    return failure();
  const Variant *entry = llvm::find_if(
      variants, [&](const Variant &variant) { return variant.name == *name; });
  if (entry == variants.end()) {
    InFlightDiagnostic diagnostic = error(*nameItem)
                                    << "unknown " << key << " '" << *name
                                    << "'; expected one of: ";
    llvm::interleaveComma(variants, diagnostic, [&](const Variant &variant) {
      diagnostic << variant.name;
    });
    return diagnostic;
  }
  if (failed(checkKeys(item, entry->fields)))
    return failure();
  return entry;
}

/// PyNN's RandomDistribution: {"distribution": "uniform", "low": -60, ...}.
FailureOr<Attribute> Importer::readDistribution(const Item &item) {
  static const Variant kDistributions[] = {
      {"uniform", {"distribution", "low", "high"}},
      {"normal", {"distribution", "mu", "sigma"}},
      {"normal_clipped", {"distribution", "mu", "sigma", "low", "high"}}};
  FailureOr<const Variant *> entry =
      readVariant(item, "distribution", kDistributions);
  if (failed(entry))
    return failure();
  llvm::StringRef name = (*entry)->name;
  llvm::SmallVector<snn::StoredF64, 4> values;
  for (llvm::StringRef field : llvm::drop_begin((*entry)->fields)) {
    FailureOr<double> value =
        readRequired(item, field, [&](const Item &i) { return readNumber(i); });
    if (failed(value))
      return failure();
    values.push_back(*value);
  }
  // The attribute verifiers check the relations (low <= high, sigma >= 0).
  auto emit = [&] { return error(item); };
  Attribute result;
  if (name == "uniform")
    result = snn::UniformAttr::getChecked(emit, context, values[0], values[1]);
  else if (name == "normal")
    result = snn::NormalAttr::getChecked(emit, context, values[0], values[1]);
  else
    result = snn::NormalClippedAttr::getChecked(
        emit, context, values[0], values[1], values[2], values[3]);
  return orFailure(result);
}

/// A weight or delay: a number or a distribution (per-synapse values come
/// only through a FromListConnector).
FailureOr<Attribute> Importer::readSynapseValue(const Item &object,
                                                llvm::StringRef key,
                                                double defaultValue) {
  std::optional<Item> item = optionalField(object, key);
  if (!item)
    return Attribute(builder.getF64FloatAttr(defaultValue));
  if (item->node->isObject())
    return readDistribution(*item);
  if (item->node->kind != Node::Kind::Number)
    return mismatch(*item, "expected a number or a distribution object");
  return Attribute(builder.getF64FloatAttr(item->node->number));
}

/// SpikeSourceArray's spike_times: one array shared by all neurons, or an
/// array of arrays, one per neuron (stored as #snn.spike_trains).
FailureOr<Attribute> Importer::readSpikeTimes(const Item &item, int64_t count,
                                              llvm::StringRef label) {
  const Node &node = *item.node;
  if (!node.isArray())
    return mismatch(item, "expected an array of spike times or an array of "
                          "arrays (one per neuron)");
  Type f64 = builder.getF64Type();
  if (node.isPacked()) {
    FailureOr<llvm::ArrayRef<double>> times = readNumbers(item);
    if (failed(times))
      return failure();
    return Attribute(makeArray(*times, f64, blobName(label, "spike_times")));
  }
  if (int64_t(node.size()) != count)
    return error(item) << "expected one spike train per neuron (" << count
                       << "), got " << node.size();
  std::vector<int64_t> offsets = {0};
  std::vector<double> times;
  for (size_t i = 0; i < node.elements.size(); ++i) {
    FailureOr<llvm::ArrayRef<double>> train = readNumbers(item.element(i));
    if (failed(train))
      return failure();
    llvm::append_range(times, *train);
    offsets.push_back(int64_t(times.size()));
  }
  Attribute trains = snn::SpikeTrainsAttr::getChecked(
      [&] { return error(item); }, context,
      makeArray(llvm::ArrayRef(offsets), builder.getI64Type(),
                blobName(label, "spike_offsets")),
      makeArray(llvm::ArrayRef(times), f64, blobName(label, "spike_times")));
  return orFailure(trains);
}

//===----------------------------------------------------------------------===//
// The document
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run() {
  SyntaxError syntaxError;
  std::optional<Node> root = parseJsonTree(text, syntaxError);
  if (!root) {
    emitError(locate(syntaxError.offset)) << syntaxError.message;
    return {};
  }
  if (failed(importDocument(Item{&*root, ""})))
    return {};
  // The verifier's "see current operation" note would show generic IR that
  // the author of the JSON never wrote.
  bool printOp = context->shouldPrintOpOnDiagnostic();
  context->printOpOnDiagnostic(false);
  LogicalResult verified = failure();
  {
    ScopedDiagnosticHandler relocate(context, [this](Diagnostic &diagnostic) {
      return relocateProtocolError(diagnostic);
    });
    verified = verify(*module);
  }
  context->printOpOnDiagnostic(printOp);
  if (failed(verified))
    return {};
  return std::move(module);
}

LogicalResult Importer::importDocument(const Item &root) {
  if (!root.node->isObject())
    return mismatch(root, "expected a JSON object at the top level");
  if (failed(checkFormat(root)) ||
      failed(checkKeys(root, {"format", "version", "name", "simulation",
                              "populations", "cams", "projections",
                              "astrocytes", "recordings"})) ||
      failed(createNetwork(root)))
    return failure();
  // In dependency order: projections use populations and cams, astrocytes
  // use all three, recordings any of them.
  return success(succeeded(importAll(root, "populations", /*required=*/true,
                                     &Importer::importPopulation)) &&
                 succeeded(importAll(root, "cams", /*required=*/false,
                                     &Importer::importCam)) &&
                 succeeded(importAll(root, "projections", /*required=*/false,
                                     &Importer::importProjection)) &&
                 succeeded(importAll(root, "astrocytes", /*required=*/false,
                                     &Importer::importAstrocytes)) &&
                 succeeded(importAll(root, "recordings", /*required=*/false,
                                     &Importer::importRecording)));
}

LogicalResult Importer::relocateProtocolError(Diagnostic &diagnostic) {
  auto it = protocolLocations.find(diagnostic.getLocation());
  if (diagnostic.getSeverity() != DiagnosticSeverity::Error ||
      it == protocolLocations.end())
    return failure();
  // The verifier names the operation by its index in the protocol, which is
  // its index in the JSON array.
  std::string message = diagnostic.str();
  llvm::StringRef rest = message;
  size_t index;
  if (!rest.consume_front("'snn.cam' op protocol operation ") ||
      rest.consumeInteger(10, index) || index >= it->second.size())
    return failure();
  // Emitted anew (the engine allows it from a handler): a diagnostic's
  // location cannot be changed.
  InFlightDiagnostic moved = emitError(it->second[index]) << message;
  for (Diagnostic &note : diagnostic.getNotes())
    moved.attachNote(note.getLocation()) << note.str();
  return success();
}

/// "format" and "version" come first, so that any other JSON file is
/// recognised as such before its fields are judged.
LogicalResult Importer::checkFormat(const Item &root) {
  FailureOr<Item> format = requiredField(root, "format");
  if (failed(format))
    return failure();
  if (format->node->kind != Node::Kind::String ||
      format->node->string != "glia-network")
    return mismatch(*format, "expected \"glia-network\"");
  FailureOr<Item> version = requiredField(root, "version");
  if (failed(version) ||
      failed(
          readInteger(*version, 1, 1, "1 (the only version this glia reads)")))
    return failure();
  return success();
}

LogicalResult Importer::createNetwork(const Item &root) {
  std::string name = "network";
  if (std::optional<Item> item = optionalField(root, "name")) {
    FailureOr<llvm::StringRef> value = readString(*item);
    if (failed(value))
      return failure();
    if (value->empty())
      return mismatch(*item, "expected a non-empty name");
    name = value->str();
  }
  FailureOr<Simulation> simulation = readSimulation(root);
  if (failed(simulation))
    return failure();
  timestep = simulation->timestep;

  Location loc = locate(root.node->offset);
  module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto network = snn::NetworkOp::create(
      builder, loc, builder.getStringAttr(name),
      builder.getF64FloatAttr(timestep),
      builder.getI64IntegerAttr(simulation->seed), simulation->duration,
      simulation->integration);
  builder.setInsertionPointToEnd(&network.getBody().emplaceBlock());
  return success();
}

/// The "simulation" object; everything in it is optional.
FailureOr<Importer::Simulation> Importer::readSimulation(const Item &root) {
  Simulation simulation;
  std::optional<Item> item = optionalField(root, "simulation");
  if (!item)
    return simulation;
  if (failed(expectObject(*item)) ||
      failed(checkKeys(*item, {"timestep", "seed", "duration", "integration"})))
    return failure();
  if (std::optional<Item> field = optionalField(*item, "timestep")) {
    FailureOr<double> value = readPositive(*field);
    if (failed(value))
      return failure();
    simulation.timestep = *value;
  }
  if (std::optional<Item> field = optionalField(*item, "seed")) {
    FailureOr<int64_t> value = readSeed(*field);
    if (failed(value))
      return failure();
    simulation.seed = *value;
  }
  if (std::optional<Item> field = optionalField(*item, "duration")) {
    FailureOr<double> value = readPositive(*field);
    if (failed(value))
      return failure();
    simulation.duration = builder.getF64FloatAttr(*value);
  }
  if (std::optional<Item> field = optionalField(*item, "integration")) {
    FailureOr<llvm::StringRef> name = readString(*field);
    if (failed(name))
      return failure();
    std::optional<snn::Integration> known = snn::symbolizeIntegration(*name);
    if (!known)
      return mismatch(*field, "expected \"exact\" or \"spinnaker\"");
    if (*known != snn::Integration::exact)
      simulation.integration =
          snn::IntegrationAttr::get(builder.getContext(), *known);
  }
  return simulation;
}

/// Imports each object of the array `key` with `import`.
LogicalResult
Importer::importAll(const Item &root, llvm::StringRef key, bool required,
                    LogicalResult (Importer::*import)(const Item &, size_t)) {
  if (required && !optionalField(root, key))
    return LogicalResult(requiredField(root, key));
  return forEachObject(root, key, [&](const Item &item, size_t index) {
    return (this->*import)(item, index);
  });
}

/// Calls `import(item, index)` on each object of the optional array `key`.
template <typename Import>
LogicalResult Importer::forEachObject(const Item &object, llvm::StringRef key,
                                      Import import) {
  std::optional<Item> list = optionalField(object, key);
  if (!list)
    return success();
  if (failed(expectArrayOf(*list, "an object")))
    return failure();
  for (size_t index = 0; index < list->node->elements.size(); ++index) {
    Item item = list->element(index);
    if (failed(expectObject(item)) || failed(import(item, index)))
      return failure();
  }
  return success();
}

LogicalResult Importer::claimLabel(const std::string &label, const Item &where,
                                   bool generated) {
  auto [it, inserted] = labels.try_emplace(label, where.path);
  if (inserted)
    return success();
  InFlightDiagnostic diagnostic = error(where);
  if (generated)
    diagnostic << "the generated label '" << label << "' is already used by "
               << it->second << "; give this object a \"label\"";
  else
    diagnostic << "label '" << label << "' is already used by " << it->second;
  return diagnostic;
}

//===----------------------------------------------------------------------===//
// Populations
//===----------------------------------------------------------------------===//

LogicalResult Importer::importPopulation(const Item &item, size_t index) {
  if (failed(checkKeys(item, {"label", "size", "cell_type", "parameters",
                              "initial_values"})))
    return failure();
  FailureOr<std::string> label =
      readLabelOr(item, "population" + std::to_string(index));
  if (failed(label))
    return failure();
  FailureOr<int64_t> size = readRequired(item, "size", [&](const Item &i) {
    return readInteger(i, 1, kMaxNeurons, "a positive integer below 2^31");
  });
  if (failed(size))
    return failure();
  FailureOr<snn::CellType> type = readRequired(
      item, "cell_type", [&](const Item &i) { return readCellType(i); });
  if (failed(type))
    return failure();
  const CellTypeInfo &info = snn::getCellTypeInfo(*type);

  DictionaryAttr params, initial;
  if (std::optional<Item> object = optionalField(item, "parameters")) {
    FailureOr<DictionaryAttr> read =
        readParameters(*object, info, *size, *label);
    if (failed(read))
      return failure();
    params = *read;
  }
  if (std::optional<Item> object = optionalField(item, "initial_values")) {
    FailureOr<DictionaryAttr> read =
        readInitialValues(*object, info, *size, *label);
    if (failed(read))
      return failure();
    initial = *read;
  }
  auto population = snn::PopulationOp::create(
      builder, locate(item.node->offset),
      snn::PopulationType::get(context, *size), builder.getStringAttr(*label),
      snn::CellTypeAttr::get(context, *type), params, initial);
  populations[*label] = {population.getResult(), *size, *label};
  return success();
}

FailureOr<snn::CellType> Importer::readCellType(const Item &item) {
  FailureOr<llvm::StringRef> name = readString(item);
  if (failed(name))
    return failure();
  if (std::optional<snn::CellType> type = snn::symbolizeCellType(*name))
    return *type;
  InFlightDiagnostic diagnostic = error(item) << "unknown cell type '" << *name
                                              << "'; expected one of: ";
  llvm::interleaveComma(
      models::cellTypes(), diagnostic,
      [&](const CellTypeInfo &type) { diagnostic << toStringRef(type.name); });
  return diagnostic;
}

FailureOr<DictionaryAttr> Importer::readParameters(const Item &object,
                                                   const ModelInfo &info,
                                                   int64_t size,
                                                   llvm::StringRef label) {
  std::string what = std::string(info.name) + " parameter";
  if (failed(expectObject(object)) ||
      failed(checkKeys(object, namesOf(info.parameters), what)))
    return failure();
  NamedAttrList params;
  for (const Member &member : object.node->members) {
    Item value{&member.value, memberPath(object.path, member.key)};
    FailureOr<Attribute> attr =
        member.key == models::kSpikeTimes
            ? readSpikeTimes(value, size, label)
            : readValue(value, size, blobName(label, member.key));
    if (failed(attr))
      return failure();
    params.append(member.key, *attr);
  }
  // An empty dictionary and none mean the same; keep one spelling.
  return params.empty() ? DictionaryAttr() : params.getDictionary(context);
}

FailureOr<DictionaryAttr> Importer::readInitialValues(const Item &object,
                                                      const ModelInfo &info,
                                                      int64_t size,
                                                      llvm::StringRef label) {
  std::string what = std::string(info.name) + " state variable";
  if (failed(expectObject(object)) ||
      failed(checkKeys(object, namesOf(info.state), what)))
    return failure();
  NamedAttrList initial;
  for (const Member &member : object.node->members) {
    Item value{&member.value, memberPath(object.path, member.key)};
    FailureOr<Attribute> attr =
        readValue(value, size, blobName(label, "initial_" + member.key));
    if (failed(attr))
      return failure();
    initial.append(member.key, *attr);
  }
  return initial.empty() ? DictionaryAttr() : initial.getDictionary(context);
}

//===----------------------------------------------------------------------===//
// Content-addressable memories
//===----------------------------------------------------------------------===//

/// A cam's operations are this far apart (ms) unless it says otherwise.
constexpr double kDefaultPeriod = 10.0;

LogicalResult Importer::importCam(const Item &item, size_t index) {
  if (failed(checkKeys(item, {"label", "memories", "bits", "input", "protocol",
                              "period", "regular_parameters", "fast_parameters",
                              "output_parameters", "learning"})))
    return failure();
  FailureOr<std::string> label =
      readLabelOr(item, "cam" + std::to_string(index));
  if (failed(label))
    return failure();
  auto count = [&](const Item &i) {
    return readInteger(i, 1, kMaxNeurons, "a positive integer below 2^31");
  };
  FailureOr<int64_t> memories = readRequired(item, "memories", count);
  if (failed(memories))
    return failure();
  FailureOr<int64_t> bits = readRequired(item, "bits", count);
  if (failed(bits))
    return failure();
  int64_t size = *memories + *bits;
  if (size > kMaxNeurons)
    return error(item) << "memories + bits (" << size << ") must be below 2^31";
  FailureOr<CamSource> source = readCamSource(item, size);
  if (failed(source))
    return failure();
  DictionaryAttr groups[3];
  const char *groupKeys[3] = {"regular_parameters", "fast_parameters",
                              "output_parameters"};
  for (int group = 0; group < 3; ++group) {
    FailureOr<DictionaryAttr> params =
        readCamParameters(item, groupKeys[group]);
    if (failed(params))
      return failure();
    groups[group] = *params;
  }
  snn::StdpSynapseAttr learning;
  if (std::optional<Item> learningItem = optionalField(item, "learning")) {
    FailureOr<snn::StdpSynapseAttr> read = readLearning(*learningItem);
    if (failed(read))
      return failure();
    learning = *read;
  }
  Location loc = locate(item.node->offset);
  auto cam = snn::CamOp::create(
      builder, loc, snn::PopulationType::get(context, size),
      builder.getStringAttr(*label), builder.getI64IntegerAttr(*memories),
      builder.getI64IntegerAttr(*bits), source->input, source->protocol,
      groups[0], groups[1], groups[2], learning);
  populations[*label] = {cam.getOutput(), size, *label};
  if (source->protocol)
    protocolLocations[loc] = std::move(source->operationLocations);
  return success();
}

/// The cam's "input" population or its "protocol": exactly one of them.
FailureOr<Importer::CamSource> Importer::readCamSource(const Item &cam,
                                                       int64_t size) {
  std::optional<Item> input = optionalField(cam, "input");
  std::optional<Item> protocol = optionalField(cam, "protocol");
  if (input && protocol)
    return error(*protocol)
           << "a cam takes an \"input\" population or a \"protocol\", not "
              "both";
  if (protocol)
    return readProtocol(cam, *protocol);
  if (!input)
    return error(cam) << "missing required field 'protocol' (or 'input')";
  if (std::optional<Item> period = optionalField(cam, "period"))
    return error(*period) << "\"period\" spaces the operations of a "
                             "\"protocol\"; this cam has an \"input\"";
  FailureOr<Endpoint> endpoint = readEndpoint(*input);
  if (failed(endpoint))
    return failure();
  if (endpoint->size != size)
    return error(*input) << "expected memories + bits = " << size
                         << " neurons, got " << endpoint->size << " of '"
                         << endpoint->label << "'";
  return CamSource{endpoint->value, ArrayAttr(), {}};
}

/// The operations of a protocol. An operation without "time" starts
/// "period" ms after the one before (the first at 0 ms), so that a protocol
/// reads as a list of steps.
FailureOr<Importer::CamSource> Importer::readProtocol(const Item &cam,
                                                      const Item &list) {
  double period = kDefaultPeriod;
  if (std::optional<Item> periodItem = optionalField(cam, "period")) {
    FailureOr<double> value = readPositive(*periodItem);
    if (failed(value))
      return failure();
    period = *value;
  }
  if (failed(expectArrayOf(list, "an operation object")))
    return failure();
  CamSource source;
  llvm::SmallVector<Attribute> operations;
  double time = 0;
  for (size_t i = 0; i < list.node->elements.size(); ++i) {
    Item item = list.element(i);
    if (failed(expectObject(item)))
      return failure();
    if (i > 0)
      time += period;
    FailureOr<Attribute> operation = readOperation(item, time);
    if (failed(operation))
      return failure();
    operations.push_back(*operation);
    source.operationLocations.push_back(locate(item.node->offset));
  }
  source.protocol = builder.getArrayAttr(operations);
  return source;
}

/// One protocol operation. `time` is its default start on entry and its
/// start on return. Cue and bit ranges, empty contents and overlaps depend
/// on the cam as a whole and are left to its verifier.
FailureOr<Attribute> Importer::readOperation(const Item &item, double &time) {
  static const Variant kOperations[] = {
      {"learn", {"operation", "time", "cue", "bits"}},
      {"recall_by_cue", {"operation", "time", "cue"}},
      {"recall_by_content", {"operation", "time", "bits"}}};
  FailureOr<const Variant *> entry =
      readVariant(item, "operation", kOperations);
  if (failed(entry))
    return failure();
  llvm::StringRef name = (*entry)->name;
  FailureOr<double> start = readNumberOr(item, "time", time);
  if (failed(start))
    return failure();
  time = *start;
  bool hasCue = name != "recall_by_content";
  bool hasBits = name != "recall_by_cue";
  int64_t cue = 0;
  if (hasCue) {
    FailureOr<int64_t> value =
        readRequired(item, "cue", [&](const Item &i) { return readCue(i); });
    if (failed(value))
      return failure();
    cue = *value;
  }
  DenseI64ArrayAttr bits;
  if (hasBits) {
    FailureOr<DenseI64ArrayAttr> value = readRequired(
        item, "bits", [&](const Item &i) { return readContentBits(i); });
    if (failed(value))
      return failure();
    bits = *value;
  }
  if (!hasBits)
    return Attribute(snn::CamRecallCueAttr::get(context, time, cue));
  if (!hasCue)
    return Attribute(snn::CamRecallContentAttr::get(context, time, bits));
  return Attribute(snn::CamLearnAttr::get(context, time, cue, bits));
}

FailureOr<int64_t> Importer::readCue(const Item &item) {
  return readInteger(item, std::numeric_limits<int64_t>::min(),
                     std::numeric_limits<int64_t>::max(),
                     "a cue index (an integer)");
}

/// An array of content bit indices.
FailureOr<DenseI64ArrayAttr> Importer::readContentBits(const Item &item) {
  const Node &node = *item.node;
  if (!node.isArray())
    return mismatch(item, "expected an array of content bit indices");
  llvm::StringLiteral expected = "expected a content bit index (an integer)";
  // An unpacked array holds at least one element that is not a number.
  for (size_t i = 0; i < node.elements.size(); ++i)
    if (!node.elements[i].isInteger)
      return mismatch(item.element(i), expected);
  if (node.firstNonInteger < node.numbers.size())
    return packedMismatch(item, node.firstNonInteger, expected);
  // Integers near 2^63 round up as doubles; the verifier rejects them anyway.
  constexpr double kLimit = 9.2e18;
  llvm::SmallVector<int64_t> bits;
  for (double bit : node.numbers)
    bits.push_back(int64_t(std::clamp(bit, -kLimit, kLimit)));
  return builder.getDenseI64ArrayAttr(bits);
}

/// The IF_curr_exp parameters that override the published ones of a group
/// of the cam's neurons; one number each (a group is homogeneous).
FailureOr<DictionaryAttr> Importer::readCamParameters(const Item &cam,
                                                      llvm::StringRef key) {
  std::optional<Item> object = optionalField(cam, key);
  if (!object)
    return DictionaryAttr();
  const CellTypeInfo &info = snn::getCellTypeInfo(snn::CellType::IF_curr_exp);
  if (failed(expectObject(*object)) ||
      failed(checkKeys(*object, namesOf(info.parameters),
                       "IF_curr_exp parameter")))
    return failure();
  NamedAttrList params;
  for (const Member &member : object->node->members) {
    FailureOr<double> value =
        readNumber({&member.value, memberPath(object->path, member.key)});
    if (failed(value))
      return failure();
    params.append(member.key, builder.getF64FloatAttr(*value));
  }
  return params.empty() ? DictionaryAttr() : params.getDictionary(context);
}

/// The cam's two learning projections: an STDPMechanism object, as a
/// projection's "synapse".
FailureOr<snn::StdpSynapseAttr> Importer::readLearning(const Item &item) {
  Item typeItem;
  FailureOr<llvm::StringRef> type = readType(item, typeItem);
  if (failed(type))
    return failure();
  if (*type != "STDPMechanism")
    return mismatch(typeItem, "expected \"STDPMechanism\"");
  FailureOr<Attribute> synapse = readSynapseFields(item, SynapseKind::Stdp);
  if (failed(synapse))
    return failure();
  return llvm::cast<snn::StdpSynapseAttr>(*synapse);
}

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

LogicalResult Importer::importProjection(const Item &item, size_t index) {
  if (failed(
          checkKeys(item, {"label", "presynaptic", "postsynaptic", "connector",
                           "synapse", "receptor_type", "seed"})))
    return failure();
  FailureOr<std::string> label =
      readLabelOr(item, "projection" + std::to_string(index));
  if (failed(label))
    return failure();
  auto endpoint = [&](const Item &i) { return readEndpoint(i); };
  FailureOr<Endpoint> pre = readRequired(item, "presynaptic", endpoint);
  if (failed(pre))
    return failure();
  FailureOr<Endpoint> post = readRequired(item, "postsynaptic", endpoint);
  if (failed(post))
    return failure();
  FailureOr<Attribute> connector =
      readRequired(item, "connector", [&](const Item &i) {
        return readConnector(i, *pre, *post, *label);
      });
  if (failed(connector))
    return failure();
  FailureOr<Attribute> synapse = readSynapse(item);
  if (failed(synapse))
    return failure();

  snn::Receptor receptor = snn::Receptor::excitatory;
  if (std::optional<Item> receptorItem = optionalField(item, "receptor_type")) {
    FailureOr<llvm::StringRef> name = readString(*receptorItem);
    if (failed(name))
      return failure();
    std::optional<snn::Receptor> known = snn::symbolizeReceptor(*name);
    if (!known)
      return mismatch(*receptorItem, "expected \"excitatory\" or "
                                     "\"inhibitory\"");
    receptor = *known;
  }
  IntegerAttr seed;
  if (std::optional<Item> seedItem = optionalField(item, "seed")) {
    FailureOr<int64_t> value = readSeed(*seedItem);
    if (failed(value))
      return failure();
    seed = builder.getI64IntegerAttr(*value);
  }
  projections.insert(*label);
  snn::ProjectionOp::create(builder, locate(item.node->offset),
                            builder.getStringAttr(*label), pre->value,
                            post->value,
                            llvm::cast<snn::ConnectorAttrInterface>(*connector),
                            llvm::cast<snn::SynapseAttrInterface>(*synapse),
                            snn::ReceptorAttr::get(context, receptor), seed);
  return success();
}

/// A population label, or a view object {"population", "start", "stop"}
/// (PyNN's `population[start:stop]`).
FailureOr<Endpoint> Importer::readEndpoint(const Item &item) {
  if (item.node->kind == Node::Kind::String)
    return readPopulationLabel(item);
  if (!item.node->isObject())
    return mismatch(item, "expected a population label or a view object "
                          "{\"population\", \"start\", \"stop\"}");
  if (failed(checkKeys(item, {"population", "start", "stop"})))
    return failure();
  FailureOr<Endpoint> whole =
      readRequired(item, "population",
                   [&](const Item &i) { return readPopulationLabel(i); });
  if (failed(whole))
    return failure();
  std::string range = "an integer in [0, " + std::to_string(whole->size) +
                      "] (population '" + whole->label + "' has " +
                      std::to_string(whole->size) + " neurons)";
  int64_t bounds[2] = {0, whole->size};
  const char *keys[2] = {"start", "stop"};
  for (int i = 0; i < 2; ++i) {
    if (std::optional<Item> bound = optionalField(item, keys[i])) {
      FailureOr<int64_t> value = readInteger(*bound, 0, whole->size, range);
      if (failed(value))
        return failure();
      bounds[i] = *value;
    }
  }
  auto [start, stop] = bounds;
  if (start >= stop)
    return error(item) << "empty view: start (" << start
                       << ") must be below stop (" << stop << ")";
  if (start == 0 && stop == whole->size)
    return whole;
  return Endpoint{getView(*whole, start, stop, item), stop - start,
                  whole->label};
}

FailureOr<Endpoint> Importer::readPopulationLabel(const Item &item) {
  FailureOr<llvm::StringRef> label = readString(item);
  if (failed(label))
    return failure();
  auto it = populations.find(*label);
  if (it != populations.end())
    return it->second;
  if (astrocytes.contains(*label))
    return error(item) << "'" << *label
                       << "' labels astrocytes, not a population";
  return error(item) << "no population is labelled '" << *label << "'";
}

/// One snn.view per distinct slice, created where it is first used.
Value Importer::getView(const Endpoint &whole, int64_t start, int64_t stop,
                        const Item &where) {
  Value &view = views[{whole.label, start, stop}];
  if (!view)
    view = snn::ViewOp::create(builder, locate(where.node->offset),
                               snn::PopulationType::get(context, stop - start),
                               whole.value, builder.getI64IntegerAttr(start));
  return view;
}

FailureOr<Attribute> Importer::readConnector(const Item &item,
                                             const Endpoint &pre,
                                             const Endpoint &post,
                                             llvm::StringRef label) {
  Item typeItem;
  FailureOr<llvm::StringRef> type = readType(item, typeItem);
  if (failed(type))
    return failure();
  if (*type == "AllToAllConnector")
    return readAllToAll(item);
  if (*type == "OneToOneConnector") {
    if (failed(checkKeys(item, {"type"})))
      return failure();
    return Attribute(snn::OneToOneAttr::get(context));
  }
  if (*type == "FixedProbabilityConnector")
    return readFixedProbability(item);
  if (*type == "FixedNumberPreConnector" || *type == "FixedNumberPostConnector")
    return readFixedNumber(item, *type == "FixedNumberPreConnector");
  if (*type == "FromListConnector")
    return readFromList(item, pre, post, label);
  return error(typeItem) << "unknown connector type '" << *type
                         << "'; expected one of: AllToAllConnector, "
                            "OneToOneConnector, FixedProbabilityConnector, "
                            "FixedNumberPreConnector, "
                            "FixedNumberPostConnector, FromListConnector";
}

FailureOr<Attribute> Importer::readAllToAll(const Item &item) {
  // skip_diagonal is glia's: it drops the pairs (i, i) of equal index.
  if (failed(
          checkKeys(item, {"type", "allow_self_connections", "skip_diagonal"})))
    return failure();
  FailureOr<bool> allowSelf = readBoolOr(item, "allow_self_connections", true);
  if (failed(allowSelf))
    return failure();
  FailureOr<bool> skipDiagonal = readBoolOr(item, "skip_diagonal", false);
  if (failed(skipDiagonal))
    return failure();
  return Attribute(snn::AllToAllAttr::get(context, *allowSelf, *skipDiagonal));
}

FailureOr<Attribute> Importer::readFixedProbability(const Item &item) {
  if (failed(checkKeys(item, {"type", "p_connect", "allow_self_connections"})))
    return failure();
  FailureOr<Item> pItem = requiredField(item, "p_connect");
  if (failed(pItem))
    return failure();
  FailureOr<double> p = readNumber(*pItem);
  if (failed(p))
    return failure();
  if (!(*p >= 0 && *p <= 1))
    return mismatch(*pItem, "expected a probability in [0, 1]");
  FailureOr<bool> allowSelf = readBoolOr(item, "allow_self_connections", true);
  if (failed(allowSelf))
    return failure();
  return Attribute(snn::FixedProbabilityAttr::get(context, *p, *allowSelf));
}

FailureOr<Attribute> Importer::readFixedNumber(const Item &item, bool pre) {
  if (failed(checkKeys(
          item, {"type", "n", "with_replacement", "allow_self_connections"})))
    return failure();
  FailureOr<int64_t> n = readRequired(item, "n", [&](const Item &i) {
    return readInteger(i, 0, kMaxNeurons, "a non-negative integer below 2^31");
  });
  if (failed(n))
    return failure();
  FailureOr<bool> withReplacement = readBoolOr(item, "with_replacement", false);
  if (failed(withReplacement))
    return failure();
  FailureOr<bool> allowSelf = readBoolOr(item, "allow_self_connections", true);
  if (failed(allowSelf))
    return failure();
  if (pre)
    return Attribute(snn::FixedNumberPreAttr::get(context, *n, *withReplacement,
                                                  *allowSelf));
  return Attribute(
      snn::FixedNumberPostAttr::get(context, *n, *withReplacement, *allowSelf));
}

/// PyNN's FromListConnector: conn_list rows [i, j] or [i, j, weight, delay];
/// other widths name their extra columns in column_names.
FailureOr<Attribute> Importer::readFromList(const Item &item,
                                            const Endpoint &pre,
                                            const Endpoint &post,
                                            llvm::StringRef label) {
  if (failed(checkKeys(item, {"type", "conn_list", "column_names"})))
    return failure();
  FailureOr<Item> list = requiredField(item, "conn_list");
  if (failed(list) || failed(expectArrayOf(*list, "a connection [i, j, ...]")))
    return failure();
  FailureOr<llvm::SmallVector<llvm::StringRef>> columns =
      readColumnNames(item, *list);
  if (failed(columns))
    return failure();
  Connections connections;
  for (size_t i = 0; i < list->node->elements.size(); ++i)
    if (failed(
            readConnection(list->element(i), *columns, pre, post, connections)))
      return failure();

  Type i32 = builder.getI32Type(), f64 = builder.getF64Type();
  // The optional weight and delay columns, in blobs "<label>_weights"...
  auto column = [&](llvm::StringRef name, const std::vector<double> &values) {
    return llvm::is_contained(*columns, name)
               ? makeArray(llvm::ArrayRef(values), f64,
                           blobName(label, (name + "s").str()))
               : ElementsAttr();
  };
  Attribute fromList = snn::FromListAttr::getChecked(
      [&] { return error(*list); }, context,
      makeArray(llvm::ArrayRef(connections.pre), i32, blobName(label, "pre")),
      makeArray(llvm::ArrayRef(connections.post), i32, blobName(label, "post")),
      column("weight", connections.weights),
      column("delay", connections.delays));
  return orFailure(fromList);
}

/// Appends the conn_list row `row` to `connections`.
LogicalResult Importer::readConnection(const Item &row,
                                       llvm::ArrayRef<llvm::StringRef> columns,
                                       const Endpoint &pre,
                                       const Endpoint &post,
                                       Connections &connections) {
  FailureOr<llvm::ArrayRef<double>> numbers = readNumbers(row);
  if (failed(numbers))
    return failure();
  if (numbers->size() != 2 + columns.size())
    return error(row) << "expected a connection [i, j"
                      << (columns.empty() ? "" : ", ")
                      << llvm::join(columns, ", ") << "], got "
                      << numbers->size() << " numbers";
  const Endpoint *sides[2] = {&pre, &post};
  for (size_t side = 0; side < 2; ++side) {
    double index = (*numbers)[side];
    if (side >= row.node->firstNonInteger || index < 0 ||
        index >= double(sides[side]->size))
      return packedMismatch(row, side,
                            "expected a neuron index in [0, " +
                                llvm::Twine(sides[side]->size) + ") of '" +
                                sides[side]->label + "'");
  }
  connections.pre.push_back(int32_t((*numbers)[0]));
  connections.post.push_back(int32_t((*numbers)[1]));
  for (auto [i, name] : llvm::enumerate(columns))
    (name == "weight" ? connections.weights : connections.delays)
        .push_back((*numbers)[2 + i]);
  return success();
}

/// The names of the columns after i and j: "column_names" if given, else
/// none for rows of 2 numbers and weight, delay for rows of 4 (as PyNN).
FailureOr<llvm::SmallVector<llvm::StringRef>>
Importer::readColumnNames(const Item &object, const Item &list) {
  llvm::SmallVector<llvm::StringRef> columns;
  std::optional<Item> namesItem = optionalField(object, "column_names");
  if (!namesItem) {
    const std::vector<Node> &rows = list.node->elements;
    size_t width = rows.empty() || !rows[0].isArray() ? 2 : rows[0].size();
    if (width == 4)
      columns = {"weight", "delay"};
    else if (width != 2)
      return error(list.element(0))
             << "expected a connection [i, j] or [i, j, weight, delay] "
                "(other widths need \"column_names\"), got "
             << width << " numbers";
    return columns;
  }
  if (failed(expectArrayOf(*namesItem, "\"weight\" or \"delay\"")))
    return failure();
  for (size_t i = 0; i < namesItem->node->elements.size(); ++i) {
    Item nameItem = namesItem->element(i);
    FailureOr<llvm::StringRef> name = readString(nameItem);
    if (failed(name))
      return failure();
    if (*name != "weight" && *name != "delay")
      return mismatch(nameItem, "expected \"weight\" or \"delay\"");
    if (llvm::is_contained(columns, *name))
      return mismatch(nameItem, "duplicate column name");
    columns.push_back(*name);
  }
  return columns;
}

/// PyNN's default synapse is StaticSynapse(weight=0, delay=min_delay).
FailureOr<Attribute> Importer::readSynapse(const Item &projection) {
  std::optional<Item> item = optionalField(projection, "synapse");
  if (!item)
    return Attribute(
        snn::StaticSynapseAttr::get(context, builder.getF64FloatAttr(0.0),
                                    builder.getF64FloatAttr(timestep)));
  Item typeItem;
  FailureOr<llvm::StringRef> type = readType(*item, typeItem);
  if (failed(type))
    return failure();
  std::optional<SynapseKind> kind =
      llvm::StringSwitch<std::optional<SynapseKind>>(*type)
          .Case("StaticSynapse", SynapseKind::Static)
          .Case("STDPMechanism", SynapseKind::Stdp)
          .Case("TraceSTDP", SynapseKind::TraceStdp)
          .Default(std::nullopt);
  if (!kind)
    return error(typeItem) << "unknown synapse type '" << *type
                           << "'; expected one of: StaticSynapse, "
                              "STDPMechanism, TraceSTDP";
  return readSynapseFields(*item, *kind);
}

/// The fields of a synapse object whose type has been read.
FailureOr<Attribute> Importer::readSynapseFields(const Item &item,
                                                 SynapseKind kind) {
  llvm::SmallVector<llvm::StringRef> fields = {"type", "weight", "delay"};
  if (kind == SynapseKind::Stdp)
    fields.append({"timing_dependence", "weight_dependence"});
  if (kind == SynapseKind::TraceStdp)
    fields.append({"tau", "trace_increment", "eta_plus", "eta_minus",
                   "rate_decay", "w_min", "w_max"});
  if (failed(checkKeys(item, fields)))
    return failure();
  FailureOr<Attribute> weight = readSynapseValue(item, "weight", 0.0);
  if (failed(weight))
    return failure();
  // PyNN's default delay is the minimum delay: one timestep.
  FailureOr<Attribute> delay = readSynapseValue(item, "delay", timestep);
  if (failed(delay))
    return failure();
  if (kind == SynapseKind::Stdp)
    return readStdp(item, *weight, *delay);
  if (kind == SynapseKind::TraceStdp)
    return readTraceStdp(item, *weight, *delay);
  Attribute synapse = snn::StaticSynapseAttr::getChecked(
      [&] { return error(item); }, context, *weight, *delay);
  return orFailure(synapse);
}

/// STDPMechanism with a SpikePairRule timing dependence and an additive or
/// multiplicative weight dependence; fields left out take PyNN's defaults.
FailureOr<Attribute> Importer::readStdp(const Item &item, Attribute weight,
                                        Attribute delay) {
  FailureOr<TimingDependence> timing =
      readRequired(item, "timing_dependence",
                   [&](const Item &i) { return readTimingDependence(i); });
  if (failed(timing))
    return failure();
  FailureOr<WeightDependence> dependence =
      readRequired(item, "weight_dependence",
                   [&](const Item &i) { return readWeightDependence(i); });
  if (failed(dependence))
    return failure();
  Attribute synapse = snn::StdpSynapseAttr::getChecked(
      [&] { return error(item); }, context, weight, delay, timing->tauPlus,
      timing->tauMinus, timing->aPlus, timing->aMinus, dependence->kind,
      dependence->wMin, dependence->wMax);
  return orFailure(synapse);
}

/// NALSM's trace rule; fields left out take NALSM's values (MODELS.md §3a).
FailureOr<Attribute> Importer::readTraceStdp(const Item &item, Attribute weight,
                                             Attribute delay) {
  snn::StoredF64 tau = 10.0, traceIncrement = 0.1, etaPlus = 0.15,
                 etaMinus = 0.15, rateDecay = 0.99, wMin = 0.0, wMax = 3.0;
  std::pair<const char *, snn::StoredF64 *> fields[] = {
      {"tau", &tau},
      {"trace_increment", &traceIncrement},
      {"eta_plus", &etaPlus},
      {"eta_minus", &etaMinus},
      {"rate_decay", &rateDecay},
      {"w_min", &wMin},
      {"w_max", &wMax}};
  for (auto [key, field] : fields) {
    FailureOr<double> value = readNumberOr(item, key, *field);
    if (failed(value))
      return failure();
    *field = *value;
  }
  Attribute synapse = snn::TraceStdpSynapseAttr::getChecked(
      [&] { return error(item); }, context, weight, delay, tau, traceIncrement,
      etaPlus, etaMinus, rateDecay, wMin, wMax);
  return orFailure(synapse);
}

FailureOr<Importer::TimingDependence>
Importer::readTimingDependence(const Item &item) {
  Item typeItem;
  FailureOr<llvm::StringRef> type = readType(item, typeItem);
  if (failed(type))
    return failure();
  if (*type != "SpikePairRule")
    return mismatch(typeItem, "expected \"SpikePairRule\"");
  if (failed(checkKeys(item,
                       {"type", "tau_plus", "tau_minus", "A_plus", "A_minus"})))
    return failure();
  TimingDependence timing;
  std::pair<const char *, snn::StoredF64 *> fields[] = {
      {"tau_plus", &timing.tauPlus},
      {"tau_minus", &timing.tauMinus},
      {"A_plus", &timing.aPlus},
      {"A_minus", &timing.aMinus}};
  for (auto [key, field] : fields) {
    FailureOr<double> value = readNumberOr(item, key, *field);
    if (failed(value))
      return failure();
    *field = *value;
  }
  return timing;
}

FailureOr<Importer::WeightDependence>
Importer::readWeightDependence(const Item &item) {
  Item typeItem;
  FailureOr<llvm::StringRef> type = readType(item, typeItem);
  if (failed(type))
    return failure();
  WeightDependence dependence;
  if (*type == "MultiplicativeWeightDependence")
    dependence.kind = snn::WeightDependence::multiplicative;
  else if (*type != "AdditiveWeightDependence")
    return mismatch(typeItem, "expected \"AdditiveWeightDependence\" or "
                              "\"MultiplicativeWeightDependence\"");
  if (failed(checkKeys(item, {"type", "w_min", "w_max"})))
    return failure();
  FailureOr<double> wMin = readNumberOr(item, "w_min", dependence.wMin);
  if (failed(wMin))
    return failure();
  FailureOr<double> wMax = readNumberOr(item, "w_max", dependence.wMax);
  if (failed(wMax))
    return failure();
  dependence.wMin = *wMin;
  dependence.wMax = *wMax;
  return dependence;
}

//===----------------------------------------------------------------------===//
// Astrocytes
//===----------------------------------------------------------------------===//

LogicalResult Importer::importAstrocytes(const Item &item, size_t index) {
  if (failed(
          checkKeys(item, {"label", "model", "size", "parameters",
                           "initial_values", "listen", "modulate", "inject"})))
    return failure();
  FailureOr<std::string> label =
      readLabelOr(item, "astrocytes" + std::to_string(index));
  if (failed(label))
    return failure();
  FailureOr<snn::AstroModel> model = readRequired(
      item, "model", [&](const Item &i) { return readAstroModel(i); });
  if (failed(model))
    return failure();
  // NALSM's astrocyte watches the whole liquid: one is the common case.
  int64_t size = 1;
  if (std::optional<Item> sizeItem = optionalField(item, "size")) {
    FailureOr<int64_t> value =
        readInteger(*sizeItem, 1, kMaxNeurons, "a positive integer below 2^31");
    if (failed(value))
      return failure();
    size = *value;
  }
  const ModelInfo &info = snn::getAstrocyteModelInfo(*model);
  DictionaryAttr params, initial;
  if (std::optional<Item> object = optionalField(item, "parameters")) {
    FailureOr<DictionaryAttr> read =
        readParameters(*object, info, size, *label);
    if (failed(read))
      return failure();
    params = *read;
  }
  if (std::optional<Item> object = optionalField(item, "initial_values")) {
    FailureOr<DictionaryAttr> read =
        readInitialValues(*object, info, size, *label);
    if (failed(read))
      return failure();
    initial = *read;
  }
  Value value = snn::AstrocytesOp::create(
      builder, locate(item.node->offset),
      snn::AstrocyteType::get(context, size), builder.getStringAttr(*label),
      snn::AstroModelAttr::get(context, *model), params, initial);
  astrocytes[*label] = {value, size, *label};
  auto couple = [&](LogicalResult (Importer::*import)(const Item &, Value)) {
    return [this, import, value](const Item &coupling, size_t) {
      return (this->*import)(coupling, value);
    };
  };
  return success(succeeded(forEachObject(item, "listen",
                                         couple(&Importer::importListen))) &&
                 succeeded(forEachObject(item, "modulate",
                                         couple(&Importer::importModulate))) &&
                 succeeded(forEachObject(item, "inject",
                                         couple(&Importer::importInject))));
}

FailureOr<snn::AstroModel> Importer::readAstroModel(const Item &item) {
  FailureOr<llvm::StringRef> name = readString(item);
  if (failed(name))
    return failure();
  if (std::optional<snn::AstroModel> model = snn::symbolizeAstroModel(*name))
    return *model;
  InFlightDiagnostic diagnostic = error(item)
                                  << "unknown astrocyte model '" << *name
                                  << "'; expected one of: ";
  llvm::interleaveComma(models::astrocyteModels(), diagnostic,
                        [&](const models::AstrocyteModelInfo &model) {
                          diagnostic << toStringRef(model.name);
                        });
  return diagnostic;
}

/// {"population": endpoint, "weight": w} or {"projection": label,
/// "weight": w}: the spikes, or the presynaptic spikes, the astrocytes
/// integrate.
LogicalResult Importer::importListen(const Item &item, Value astrocytes) {
  if (failed(checkKeys(item, {"population", "projection", "weight"})))
    return failure();
  std::optional<Item> population = optionalField(item, "population");
  std::optional<Item> projection = optionalField(item, "projection");
  if (population && projection)
    return error(*projection) << "astrocytes listen to a \"population\" or a "
                                 "\"projection\", not both";
  if (!population && !projection)
    return error(item) << "missing required field 'population' (or "
                          "'projection')";
  Value source;
  FlatSymbolRefAttr symbol;
  if (population) {
    FailureOr<Endpoint> endpoint = readEndpoint(*population);
    if (failed(endpoint))
      return failure();
    source = endpoint->value;
  } else {
    FailureOr<FlatSymbolRefAttr> label = readProjectionLabel(*projection);
    if (failed(label))
      return failure();
    symbol = *label;
  }
  FailureOr<double> weight = readRequired(
      item, "weight", [&](const Item &i) { return readNumber(i); });
  if (failed(weight))
    return failure();
  snn::AstroListenOp::create(builder, locate(item.node->offset), astrocytes,
                             source, symbol, builder.getF64FloatAttr(*weight));
  return success();
}

LogicalResult Importer::importModulate(const Item &item, Value astrocytes) {
  if (failed(checkKeys(item, {"projection", "effect", "gain"})))
    return failure();
  FailureOr<FlatSymbolRefAttr> projection =
      readRequired(item, "projection",
                   [&](const Item &i) { return readProjectionLabel(i); });
  if (failed(projection))
    return failure();
  FailureOr<snn::Modulation> effect = readRequired(
      item, "effect", [&](const Item &i) { return readEffect(i); });
  if (failed(effect))
    return failure();
  FailureOr<double> gain =
      readRequired(item, "gain", [&](const Item &i) { return readNumber(i); });
  if (failed(gain))
    return failure();
  // Whether the projection is plastic enough for the effect is the
  // verifier's: it reports at this object.
  snn::AstroModulateOp::create(builder, locate(item.node->offset), astrocytes,
                               snn::ModulationAttr::get(context, *effect),
                               *projection, builder.getF64FloatAttr(*gain));
  return success();
}

LogicalResult Importer::importInject(const Item &item, Value astrocytes) {
  if (failed(checkKeys(item, {"population", "gain"})))
    return failure();
  FailureOr<Endpoint> target = readRequired(
      item, "population", [&](const Item &i) { return readEndpoint(i); });
  if (failed(target))
    return failure();
  FailureOr<double> gain =
      readRequired(item, "gain", [&](const Item &i) { return readNumber(i); });
  if (failed(gain))
    return failure();
  snn::AstroInjectOp::create(builder, locate(item.node->offset), astrocytes,
                             target->value, builder.getF64FloatAttr(*gain));
  return success();
}

FailureOr<FlatSymbolRefAttr> Importer::readProjectionLabel(const Item &item) {
  FailureOr<llvm::StringRef> label = readString(item);
  if (failed(label))
    return failure();
  if (!projections.contains(*label))
    return error(item) << "no projection is labelled '" << *label << "'";
  return FlatSymbolRefAttr::get(context, *label);
}

FailureOr<snn::Modulation> Importer::readEffect(const Item &item) {
  FailureOr<llvm::StringRef> name = readString(item);
  if (failed(name))
    return failure();
  if (std::optional<snn::Modulation> effect = snn::symbolizeModulation(*name))
    return *effect;
  return error(item) << "unknown effect '" << *name
                     << "'; expected one of: stdp_depression, "
                        "stdp_potentiation, weight_scale";
}

//===----------------------------------------------------------------------===//
// Recordings
//===----------------------------------------------------------------------===//

LogicalResult Importer::importRecording(const Item &item, size_t) {
  if (failed(checkKeys(item, {"population", "variables", "sampling_interval"})))
    return failure();
  FailureOr<Endpoint> target =
      readRequired(item, "population",
                   [&](const Item &i) { return readRecordingTarget(i); });
  if (failed(target))
    return failure();
  FailureOr<Item> variables = requiredField(item, "variables");
  if (failed(variables) || failed(expectArrayOf(*variables, "a variable name")))
    return failure();
  llvm::SmallVector<Attribute> names;
  for (size_t i = 0; i < variables->node->elements.size(); ++i) {
    FailureOr<llvm::StringRef> name = readString(variables->element(i));
    if (failed(name))
      return failure();
    names.push_back(builder.getStringAttr(*name));
  }
  FloatAttr interval;
  if (std::optional<Item> intervalItem =
          optionalField(item, "sampling_interval")) {
    FailureOr<double> value = readPositive(*intervalItem);
    if (failed(value))
      return failure();
    interval = builder.getF64FloatAttr(*value);
  }
  snn::RecordOp::create(builder, locate(item.node->offset), target->value,
                        builder.getArrayAttr(names), interval);
  return success();
}

/// An endpoint, or astrocytes by their label.
FailureOr<Endpoint> Importer::readRecordingTarget(const Item &item) {
  if (item.node->kind == Node::Kind::String) {
    auto it = astrocytes.find(item.node->string);
    if (it != astrocytes.end())
      return it->second;
  }
  return readEndpoint(item);
}

} // namespace

OwningOpRef<ModuleOp> importNetwork(llvm::SourceMgr &sourceMgr,
                                    MLIRContext *context) {
  context->loadDialect<snn::SnnDialect>();
  try {
    return Importer(sourceMgr, context).run();
  } catch (const std::exception &exception) {
    // Only allocation failures can get here; report them, do not abort.
    emitError(UnknownLoc::get(context))
        << "cannot import the network: " << exception.what();
    return {};
  }
}

} // namespace glia::json
