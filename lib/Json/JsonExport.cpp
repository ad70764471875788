//===- JsonExport.cpp - snn dialect -> JSON network description -----------===//
//
// Writes the fields JsonImport.cpp reads, so that export followed by import
// gives back the same IR. Population parameters and initial values are
// written only when set (in the catalogue's order); connectors and synapses
// are written in full, so the file says what the network does. A cam's
// optional fields are written only when set, and its operations' times only
// where the importer's default would not give them back.
//
//===----------------------------------------------------------------------===//

#include "glia/Json/NetworkJson.h"

#include "CatalogueNames.h"

#include "glia/Dialect/Snn/SnnValues.h"

#include "llvm/ADT/TypeSwitch.h"

#include <nlohmann/json.hpp>

using namespace mlir;
using glia::models::CellTypeInfo;
using Json = nlohmann::ordered_json;

namespace glia::json {
namespace {

/// An export error at `op`, without the generic-form dump of the op that
/// Operation::emitError attaches: the message names what is wrong.
InFlightDiagnostic exportError(Operation *op) {
  return emitError(op->getLoc()) << "cannot export to JSON: ";
}

class Exporter {
public:
  FailureOr<Json> exportNetwork(snn::NetworkOp network);

private:
  FailureOr<Json> exportPopulation(snn::PopulationOp population);
  FailureOr<Json> exportValues(Operation *op, DictionaryAttr values,
                               llvm::ArrayRef<llvm::StringRef> order);
  FailureOr<Json> exportCam(snn::CamOp cam);
  static Json exportProtocol(ArrayAttr protocol, Json &cam);
  static Json exportOperation(Attribute operation, std::optional<double> time);
  FailureOr<Json> exportAstrocytes(snn::AstrocytesOp astrocytes);
  LogicalResult exportCouplings(snn::AstrocytesOp astrocytes, Json &entry);
  FailureOr<Json> exportListen(snn::AstroListenOp listen);
  FailureOr<Json> exportProjection(snn::ProjectionOp projection);
  FailureOr<Json> exportConnector(snn::ProjectionOp projection);
  template <typename FixedNumberAttr>
  static void writeFixedNumber(Json &json, FixedNumberAttr attr);
  FailureOr<Json> exportFromList(snn::ProjectionOp projection,
                                 snn::FromListAttr list);
  FailureOr<Json> exportSynapse(Operation *op,
                                snn::SynapseAttrInterface synapse);
  FailureOr<Json> exportRecording(snn::RecordOp record);
  FailureOr<Json> exportEndpoint(Operation *user, Value value);
  FailureOr<Json> exportValue(Operation *op, Attribute value,
                              llvm::StringRef what);
  FailureOr<Json> exportSpikeTimes(Operation *op, Attribute value);
  FailureOr<std::vector<double>> readFloats(Operation *op, ElementsAttr array,
                                            llvm::StringRef what);
  FailureOr<std::vector<int64_t>>
  readIntegers(Operation *op, ElementsAttr array, llvm::StringRef what);
};

FailureOr<Json> Exporter::exportNetwork(snn::NetworkOp network) {
  Json simulation = {{"timestep", network.getTimestep().convertToDouble()},
                     {"seed", network.getSeed()}};
  if (auto duration = network.getDuration())
    simulation["duration"] = duration->convertToDouble();
  if (auto integration = network.getIntegration())
    simulation["integration"] = snn::stringifyIntegration(*integration).str();
  Json document = {{"format", "glia-network"},
                   {"version", 1},
                   {"name", network.getSymName().str()},
                   {"simulation", simulation}};
  Json populations = Json::array(), cams = Json::array(),
       projections = Json::array(), astrocytes = Json::array(),
       recordings = Json::array();
  for (Operation &op : network.getBlock()) {
    FailureOr<Json> entry = Json();
    Json *list = nullptr;
    if (auto population = llvm::dyn_cast<snn::PopulationOp>(op)) {
      entry = exportPopulation(population);
      list = &populations;
    } else if (auto cam = llvm::dyn_cast<snn::CamOp>(op)) {
      entry = exportCam(cam);
      list = &cams;
    } else if (auto projection = llvm::dyn_cast<snn::ProjectionOp>(op)) {
      entry = exportProjection(projection);
      list = &projections;
    } else if (auto astro = llvm::dyn_cast<snn::AstrocytesOp>(op)) {
      entry = exportAstrocytes(astro);
      list = &astrocytes;
    } else if (auto record = llvm::dyn_cast<snn::RecordOp>(op)) {
      entry = exportRecording(record);
      list = &recordings;
    } else if (!llvm::isa<snn::ViewOp, snn::AstroListenOp, snn::AstroModulateOp,
                          snn::AstroInjectOp>(op)) {
      // Views are written where they are used, couplings with their
      // astrocytes.
      return exportError(&op)
             << "the format has no counterpart of '" << op.getName() << "'";
    }
    if (failed(entry))
      return failure();
    if (list)
      list->push_back(std::move(*entry));
  }
  document["populations"] = std::move(populations);
  for (auto [key, list] : {std::pair<const char *, Json *>{"cams", &cams},
                           {"projections", &projections},
                           {"astrocytes", &astrocytes},
                           {"recordings", &recordings}})
    if (!list->empty())
      document[key] = std::move(*list);
  return document;
}

//===----------------------------------------------------------------------===//
// Populations
//===----------------------------------------------------------------------===//

FailureOr<Json> Exporter::exportPopulation(snn::PopulationOp population) {
  const CellTypeInfo &info = snn::getCellTypeInfo(population.getCellType());
  Json entry = {{"label", population.getName().str()},
                {"size", population.getSize()},
                {"cell_type", std::string(info.name)}};
  if (DictionaryAttr params = population.getParamsAttr()) {
    FailureOr<Json> values =
        exportValues(population, params, namesOf(info.parameters));
    if (failed(values))
      return failure();
    entry["parameters"] = std::move(*values);
  }
  if (DictionaryAttr initial = population.getInitialAttr()) {
    FailureOr<Json> values =
        exportValues(population, initial, namesOf(info.state));
    if (failed(values))
      return failure();
    entry["initial_values"] = std::move(*values);
  }
  return entry;
}

/// The entries of `values` in the catalogue's `order` (PyNN's); the
/// verifier has rejected names outside the catalogue.
FailureOr<Json> Exporter::exportValues(Operation *op, DictionaryAttr values,
                                       llvm::ArrayRef<llvm::StringRef> order) {
  Json object = Json::object();
  for (llvm::StringRef name : order) {
    Attribute value = values.get(name);
    if (!value)
      continue;
    FailureOr<Json> json = name == toStringRef(models::kSpikeTimes)
                               ? exportSpikeTimes(op, value)
                               : exportValue(op, value, name);
    if (failed(json))
      return failure();
    object[name.str()] = std::move(*json);
  }
  return object;
}

FailureOr<Json> Exporter::exportSpikeTimes(Operation *op, Attribute value) {
  auto trains = llvm::dyn_cast<snn::SpikeTrainsAttr>(value);
  if (!trains)
    return exportValue(op, value, toStringRef(models::kSpikeTimes));
  FailureOr<std::vector<int64_t>> offsets =
      readIntegers(op, trains.getOffsets(), "spike train offsets");
  if (failed(offsets))
    return failure();
  FailureOr<std::vector<double>> times =
      readFloats(op, trains.getTimes(), "spike times");
  if (failed(times))
    return failure();
  Json array = Json::array();
  for (size_t k = 0; k + 1 < offsets->size(); ++k)
    array.push_back(std::vector<double>(times->begin() + (*offsets)[k],
                                        times->begin() + (*offsets)[k + 1]));
  return array;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

FailureOr<Json> Exporter::exportValue(Operation *op, Attribute value,
                                      llvm::StringRef what) {
  if (auto constant = llvm::dyn_cast<FloatAttr>(value))
    return Json(constant.getValueAsDouble());
  if (auto uniform = llvm::dyn_cast<snn::UniformAttr>(value))
    return Json{{"distribution", "uniform"},
                {"low", double(uniform.getLow())},
                {"high", double(uniform.getHigh())}};
  if (auto normal = llvm::dyn_cast<snn::NormalAttr>(value))
    return Json{{"distribution", "normal"},
                {"mu", double(normal.getMu())},
                {"sigma", double(normal.getSigma())}};
  if (auto clipped = llvm::dyn_cast<snn::NormalClippedAttr>(value))
    return Json{{"distribution", "normal_clipped"},
                {"mu", double(clipped.getMu())},
                {"sigma", double(clipped.getSigma())},
                {"low", double(clipped.getLow())},
                {"high", double(clipped.getHigh())}};
  if (auto array = llvm::dyn_cast<ElementsAttr>(value)) {
    FailureOr<std::vector<double>> values = readFloats(op, array, what);
    if (failed(values))
      return failure();
    return Json(*values);
  }
  return exportError(op) << "unsupported value of '" << what << "': " << value;
}

FailureOr<std::vector<double>>
Exporter::readFloats(Operation *op, ElementsAttr array, llvm::StringRef what) {
  if (auto values = snn::readF64Array(array))
    return *values;
  return exportError(op) << "unreadable float array of '" << what << "'";
}

FailureOr<std::vector<int64_t>> Exporter::readIntegers(Operation *op,
                                                       ElementsAttr array,
                                                       llvm::StringRef what) {
  if (auto values = snn::readI64Array(array))
    return *values;
  return exportError(op) << "unreadable integer array of '" << what << "'";
}

//===----------------------------------------------------------------------===//
// Projections and recordings
//===----------------------------------------------------------------------===//

/// A population's label, or a view object for a slice of it.
FailureOr<Json> Exporter::exportEndpoint(Operation *user, Value value) {
  auto slice = snn::resolvePopulationSlice(value);
  if (!slice)
    return exportError(user) << "endpoint is not a population or a view of one";
  std::string label = slice->getName().str();
  auto root =
      llvm::cast<snn::PopulationType>(slice->getRoot()->getResult(0).getType());
  if (slice->size == root.getSize())
    return Json(label);
  return Json{
      {"population", label}, {"start", slice->start}, {"stop", slice->stop()}};
}

FailureOr<Json> Exporter::exportProjection(snn::ProjectionOp projection) {
  FailureOr<Json> pre = exportEndpoint(projection, projection.getPre());
  FailureOr<Json> post = exportEndpoint(projection, projection.getPost());
  if (failed(pre) || failed(post))
    return failure();
  FailureOr<Json> connector = exportConnector(projection);
  FailureOr<Json> synapse = exportSynapse(projection, projection.getSynapse());
  if (failed(connector) || failed(synapse))
    return failure();
  Json entry = {{"label", projection.getSymName().str()},
                {"presynaptic", std::move(*pre)},
                {"postsynaptic", std::move(*post)},
                {"connector", std::move(*connector)},
                {"synapse", std::move(*synapse)},
                {"receptor_type",
                 snn::stringifyReceptor(projection.getReceptor()).str()}};
  if (auto seed = projection.getSeed())
    entry["seed"] = *seed;
  return entry;
}

FailureOr<Json> Exporter::exportConnector(snn::ProjectionOp projection) {
  Attribute connector = projection.getConnector();
  Json json = {{"type", projection.getConnector().getPyNNName().str()}};
  if (auto allToAll = llvm::dyn_cast<snn::AllToAllAttr>(connector)) {
    json["allow_self_connections"] = allToAll.getAllowSelf();
    if (allToAll.getSkipDiagonal())
      json["skip_diagonal"] = true;
  } else if (auto fixed =
                 llvm::dyn_cast<snn::FixedProbabilityAttr>(connector)) {
    json["p_connect"] = double(fixed.getP());
    json["allow_self_connections"] = fixed.getAllowSelf();
  } else if (auto pre = llvm::dyn_cast<snn::FixedNumberPreAttr>(connector)) {
    writeFixedNumber(json, pre);
  } else if (auto post = llvm::dyn_cast<snn::FixedNumberPostAttr>(connector)) {
    writeFixedNumber(json, post);
  } else if (auto list = llvm::dyn_cast<snn::FromListAttr>(connector)) {
    return exportFromList(projection, list);
  } else if (!llvm::isa<snn::OneToOneAttr>(connector)) {
    return exportError(projection) << "unsupported connector " << connector;
  }
  return json;
}

template <typename FixedNumberAttr>
void Exporter::writeFixedNumber(Json &json, FixedNumberAttr attr) {
  json["n"] = attr.getN();
  json["with_replacement"] = attr.getWithReplacement();
  json["allow_self_connections"] = attr.getAllowSelf();
}

/// conn_list rows [i, j(, weight)(, delay)], with column_names whenever
/// there are extra columns (an empty list has no width to tell them by).
FailureOr<Json> Exporter::exportFromList(snn::ProjectionOp projection,
                                         snn::FromListAttr list) {
  FailureOr<std::vector<int64_t>> pre =
      readIntegers(projection, list.getPre(), "from_list pre");
  FailureOr<std::vector<int64_t>> post =
      readIntegers(projection, list.getPost(), "from_list post");
  if (failed(pre) || failed(post))
    return failure();
  std::vector<std::vector<double>> columns;
  Json names = Json::array();
  for (auto [name, array] :
       {std::pair<const char *, ElementsAttr>{"weight", list.getWeights()},
        {"delay", list.getDelays()}}) {
    if (!array)
      continue;
    FailureOr<std::vector<double>> values =
        readFloats(projection, array, std::string("from_list ") + name + "s");
    if (failed(values))
      return failure();
    columns.push_back(std::move(*values));
    names.push_back(name);
  }
  Json rows = Json::array();
  for (size_t k = 0; k < pre->size(); ++k) {
    Json row = {(*pre)[k], (*post)[k]};
    for (const std::vector<double> &column : columns)
      row.push_back(column[k]);
    rows.push_back(std::move(row));
  }
  Json connector = {{"type", "FromListConnector"}};
  if (!names.empty())
    connector["column_names"] = std::move(names);
  connector["conn_list"] = std::move(rows);
  return connector;
}

FailureOr<Json> Exporter::exportSynapse(Operation *op,
                                        snn::SynapseAttrInterface synapse) {
  FailureOr<Json> weight = exportValue(op, synapse.getWeight(), "weight");
  FailureOr<Json> delay = exportValue(op, synapse.getDelay(), "delay");
  if (failed(weight) || failed(delay))
    return failure();
  if (auto trace = llvm::dyn_cast<snn::TraceStdpSynapseAttr>(synapse))
    return Json{{"type", "TraceSTDP"},
                {"weight", std::move(*weight)},
                {"delay", std::move(*delay)},
                {"tau", double(trace.getTau())},
                {"trace_increment", double(trace.getTraceIncrement())},
                {"eta_plus", double(trace.getEtaPlus())},
                {"eta_minus", double(trace.getEtaMinus())},
                {"rate_decay", double(trace.getRateDecay())},
                {"w_min", double(trace.getWMin())},
                {"w_max", double(trace.getWMax())}};
  auto stdp = llvm::dyn_cast<snn::StdpSynapseAttr>(synapse);
  Json entry = {{"type", stdp ? "STDPMechanism" : "StaticSynapse"},
                {"weight", std::move(*weight)},
                {"delay", std::move(*delay)}};
  if (!stdp)
    return entry;
  entry["timing_dependence"] = {{"type", "SpikePairRule"},
                                {"tau_plus", double(stdp.getTauPlus())},
                                {"tau_minus", double(stdp.getTauMinus())},
                                {"A_plus", double(stdp.getAPlus())},
                                {"A_minus", double(stdp.getAMinus())}};
  bool additive = stdp.getWeightDependence() == snn::WeightDependence::additive;
  entry["weight_dependence"] = {
      {"type", additive ? "AdditiveWeightDependence"
                        : "MultiplicativeWeightDependence"},
      {"w_min", double(stdp.getWMin())},
      {"w_max", double(stdp.getWMax())}};
  return entry;
}

FailureOr<Json> Exporter::exportRecording(snn::RecordOp record) {
  auto astrocytes = record.getTarget().getDefiningOp<snn::AstrocytesOp>();
  FailureOr<Json> target = astrocytes
                               ? Json(astrocytes.getName().str())
                               : exportEndpoint(record, record.getTarget());
  if (failed(target))
    return failure();
  Json variables = Json::array();
  for (Attribute name : record.getVariables())
    variables.push_back(llvm::cast<StringAttr>(name).str());
  Json entry = {{"population", std::move(*target)},
                {"variables", std::move(variables)}};
  if (auto interval = record.getSamplingInterval())
    entry["sampling_interval"] = interval->convertToDouble();
  return entry;
}

//===----------------------------------------------------------------------===//
// Content-addressable memories
//===----------------------------------------------------------------------===//

/// The importer's default spacing of a cam's operations (ms).
constexpr double kDefaultPeriod = 10.0;

FailureOr<Json> Exporter::exportCam(snn::CamOp cam) {
  Json entry = {{"label", cam.getName().str()},
                {"memories", cam.getMemories()},
                {"bits", cam.getBits()}};
  if (Value input = cam.getInput()) {
    FailureOr<Json> endpoint = exportEndpoint(cam, input);
    if (failed(endpoint))
      return failure();
    entry["input"] = std::move(*endpoint);
  } else {
    Json protocol = exportProtocol(cam.getProtocolAttr(), entry);
    entry["protocol"] = std::move(protocol);
  }
  const CellTypeInfo &info = snn::getCellTypeInfo(snn::CellType::IF_curr_exp);
  for (auto [key, params] :
       {std::pair<const char *, DictionaryAttr>{"regular_parameters",
                                                cam.getRegularParamsAttr()},
        {"fast_parameters", cam.getFastParamsAttr()},
        {"output_parameters", cam.getOutputParamsAttr()}}) {
    if (!params)
      continue;
    FailureOr<Json> values =
        exportValues(cam, params, namesOf(info.parameters));
    if (failed(values))
      return failure();
    entry[key] = std::move(*values);
  }
  if (snn::StdpSynapseAttr learning = cam.getLearningAttr()) {
    FailureOr<Json> synapse = exportSynapse(cam, learning);
    if (failed(synapse))
      return failure();
    entry["learning"] = std::move(*synapse);
  }
  return entry;
}

static double operationTime(Attribute operation) {
  return llvm::TypeSwitch<Attribute, double>(operation)
      .Case([](snn::CamLearnAttr learn) { return learn.getTime(); })
      .Case([](snn::CamRecallCueAttr recall) { return recall.getTime(); })
      .Case([](snn::CamRecallContentAttr recall) { return recall.getTime(); })
      .Default([](Attribute) { return 0.0; });
}

/// The operations of a protocol. The importer starts an operation without
/// "time" `period` ms after the one before (the first at 0 ms); the period
/// written (into `cam`, when not the default) is the first gap, so that a
/// regular protocol is written without times.
Json Exporter::exportProtocol(ArrayAttr protocol, Json &cam) {
  double period = kDefaultPeriod;
  if (protocol.size() >= 2) {
    double gap = operationTime(protocol[1]) - operationTime(protocol[0]);
    if (gap > 0)
      period = gap;
  }
  if (period != kDefaultPeriod)
    cam["period"] = period;
  Json operations = Json::array();
  double previous = 0;
  for (auto [index, operation] : llvm::enumerate(protocol)) {
    double time = operationTime(operation);
    // The importer's very arithmetic, so that equality is exact.
    double expected = index == 0 ? 0.0 : previous + period;
    operations.push_back(exportOperation(
        operation, time == expected ? std::nullopt : std::optional(time)));
    previous = time;
  }
  return operations;
}

Json Exporter::exportOperation(Attribute operation,
                               std::optional<double> time) {
  Json entry = Json::object();
  auto start = [&](const char *name) {
    entry["operation"] = name;
    if (time)
      entry["time"] = *time;
  };
  if (auto learn = llvm::dyn_cast<snn::CamLearnAttr>(operation)) {
    start("learn");
    entry["cue"] = learn.getCue();
    entry["bits"] = learn.getBits().asArrayRef();
  } else if (auto recall = llvm::dyn_cast<snn::CamRecallCueAttr>(operation)) {
    start("recall_by_cue");
    entry["cue"] = recall.getCue();
  } else {
    auto content = llvm::cast<snn::CamRecallContentAttr>(operation);
    start("recall_by_content");
    entry["bits"] = content.getBits().asArrayRef();
  }
  return entry;
}

//===----------------------------------------------------------------------===//
// Astrocytes
//===----------------------------------------------------------------------===//

FailureOr<Json> Exporter::exportAstrocytes(snn::AstrocytesOp astrocytes) {
  const models::AstrocyteModelInfo &info =
      snn::getAstrocyteModelInfo(astrocytes.getModel());
  Json entry = {{"label", astrocytes.getName().str()},
                {"model", std::string(info.name)},
                {"size", astrocytes.getSize()}};
  for (auto [key, values, names] :
       {std::tuple<const char *, DictionaryAttr,
                   llvm::SmallVector<llvm::StringRef>>{
            "parameters", astrocytes.getParamsAttr(), namesOf(info.parameters)},
        {"initial_values", astrocytes.getInitialAttr(), namesOf(info.state)}}) {
    if (!values)
      continue;
    FailureOr<Json> json = exportValues(astrocytes, values, names);
    if (failed(json))
      return failure();
    entry[key] = std::move(*json);
  }
  if (failed(exportCouplings(astrocytes, entry)))
    return failure();
  return entry;
}

/// The listen, modulate and inject ops of `astrocytes`, each kind in the
/// order of the network's block (the order the importer creates them in).
LogicalResult Exporter::exportCouplings(snn::AstrocytesOp astrocytes,
                                        Json &entry) {
  llvm::SmallVector<Operation *> users(astrocytes->getUsers());
  llvm::sort(users,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  Json listen = Json::array(), modulate = Json::array(), inject = Json::array();
  for (Operation *user : users) {
    if (auto op = llvm::dyn_cast<snn::AstroListenOp>(user)) {
      FailureOr<Json> json = exportListen(op);
      if (failed(json))
        return failure();
      listen.push_back(std::move(*json));
    } else if (auto op = llvm::dyn_cast<snn::AstroModulateOp>(user)) {
      modulate.push_back(
          {{"projection", op.getProjection().str()},
           {"effect", snn::stringifyModulation(op.getModulation()).str()},
           {"gain", op.getGain().convertToDouble()}});
    } else if (auto op = llvm::dyn_cast<snn::AstroInjectOp>(user)) {
      FailureOr<Json> target = exportEndpoint(op, op.getTarget());
      if (failed(target))
        return failure();
      inject.push_back({{"population", std::move(*target)},
                        {"gain", op.getGain().convertToDouble()}});
    }
  }
  for (auto [key, list] : {std::pair<const char *, Json *>{"listen", &listen},
                           {"modulate", &modulate},
                           {"inject", &inject}})
    if (!list->empty())
      entry[key] = std::move(*list);
  return success();
}

FailureOr<Json> Exporter::exportListen(snn::AstroListenOp listen) {
  Json entry = Json::object();
  if (Value source = listen.getSource()) {
    FailureOr<Json> endpoint = exportEndpoint(listen, source);
    if (failed(endpoint))
      return failure();
    entry["population"] = std::move(*endpoint);
  } else {
    entry["projection"] = listen.getProjection()->str();
  }
  entry["weight"] = listen.getWeight().convertToDouble();
  return entry;
}

/// `value` indented by 2 spaces a level, like nlohmann's dump(2), but with
/// arrays of numbers and strings on one line: a conn_list row or a spike
/// train then reads as one line instead of one line per entry.
void writePretty(const Json &value, size_t indent, std::string &out) {
  auto isScalar = [](const Json &element) { return element.is_primitive(); };
  if (value.is_primitive() || value.empty()) {
    out += value.dump();
    return;
  }
  if (value.is_array() && llvm::all_of(value, isScalar)) {
    out += '[';
    for (const auto &[index, element] : llvm::enumerate(value))
      out += (index ? ", " : "") + element.dump();
    out += ']';
    return;
  }
  bool object = value.is_object();
  std::string inner(indent + 2, ' ');
  out += object ? "{\n" : "[\n";
  for (auto it = value.begin(); it != value.end(); ++it) {
    out += inner;
    if (object)
      out += Json(it.key()).dump() + ": ";
    writePretty(*it, indent + 2, out);
    out += std::next(it) == value.end() ? "\n" : ",\n";
  }
  out += std::string(indent, ' ') + (object ? "}" : "]");
}

} // namespace

LogicalResult exportNetwork(snn::NetworkOp network, llvm::raw_ostream &os) {
  std::string text;
  try {
    FailureOr<Json> document = Exporter().exportNetwork(network);
    if (failed(document))
      return failure();
    writePretty(*document, 0, text);
  } catch (const std::exception &exception) {
    // nlohmann throws on strings that are not UTF-8 (a label, say).
    return exportError(network) << exception.what();
  }
  // Written only once complete, so that a failure leaves no partial file.
  os << text << "\n";
  return success();
}

} // namespace glia::json
