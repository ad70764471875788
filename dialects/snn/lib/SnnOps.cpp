//===- SnnOps.cpp - snn operations: verifiers and helpers -----------------===//

#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Dialect/Snn/SnnValues.h"
#include "llvm/ADT/TypeSwitch.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace glia::snn;
namespace models = glia::models;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

#define GET_TYPEDEF_CLASSES
#include "glia/Dialect/Snn/SnnOpsTypes.cpp.inc"

void SnnDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "glia/Dialect/Snn/SnnOpsTypes.cpp.inc"
      >();
}

/// Neuron indices travel as 32-bit integers in the runtime and on the board.
static constexpr int64_t kMaxPopulationSize = (int64_t(1) << 31) - 1;

LogicalResult
PopulationType::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                       int64_t size) {
  if (size < 1 || size > kMaxPopulationSize)
    return emitError() << "!snn.pop: size must be in [1, " << kMaxPopulationSize
                       << "], got " << size;
  return success();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

const models::CellTypeInfo &glia::snn::getCellTypeInfo(CellType type) {
  return models::cellType(static_cast<models::CellKind>(type));
}

// Op handles are cheap copies; their accessors are not const.
Operation *PopulationSlice::getRoot() const {
  PopulationOp root = population;
  return root ? root.getOperation() : CamOp(cam).getOperation();
}

StringRef PopulationSlice::getName() const {
  PopulationOp root = population;
  return root ? root.getName() : CamOp(cam).getName();
}

CellType PopulationSlice::getCellType() const {
  PopulationOp root = population;
  return root ? root.getCellType() : CellType::IF_curr_exp;
}

int64_t PopulationSlice::overlap(const PopulationSlice &other) const {
  if (getRoot() != other.getRoot())
    return 0;
  return std::max<int64_t>(0, std::min(stop(), other.stop()) -
                                  std::max(start, other.start));
}

std::optional<PopulationSlice> glia::snn::resolvePopulationSlice(Value value) {
  int64_t start = 0;
  int64_t size = llvm::cast<PopulationType>(value.getType()).getSize();
  while (auto view = value.getDefiningOp<ViewOp>()) {
    start += view.getStart();
    value = view.getSource();
  }
  if (auto population = value.getDefiningOp<PopulationOp>())
    return PopulationSlice{population, CamOp(), start, size};
  if (auto cam = value.getDefiningOp<CamOp>())
    return PopulationSlice{PopulationOp(), cam, start, size};
  return std::nullopt;
}

/// Whether `value` ms is a whole number (>= 1) of `timestep` ms.
static bool isWholeSteps(double value, double timestep) {
  double steps = value / timestep;
  return std::abs(steps - std::round(steps)) <= 1e-9 * std::max(1.0, steps) &&
         std::round(steps) >= 1;
}

static NetworkOp getNetwork(Operation *op) {
  return op->getParentOfType<NetworkOp>();
}

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

LogicalResult NetworkOp::verify() {
  double dt = getTimestep().convertToDouble();
  if (!(dt > 0) || !std::isfinite(dt))
    return emitOpError("'timestep' must be > 0 ms, got ") << formatF64(dt);
  // As the JSON importer requires: an exported network imports again, and
  // the runtime takes seeds as unsigned.
  if (getSymName().empty())
    return emitOpError("needs a non-empty name");
  if (!llvm::json::isUTF8(getSymName()))
    return emitOpError("name is not valid UTF-8");
  if (int64_t seed = getSeedAttr().getInt(); seed < 0)
    return emitOpError("'seed' must be >= 0, got ") << seed;
  if (auto duration = getDuration()) {
    double value = duration->convertToDouble();
    if (!(value > 0) || !std::isfinite(value))
      return emitOpError("'duration' must be > 0 ms, got ") << formatF64(value);
    if (value / dt > double(kMaxRunSteps))
      return emitOpError("'duration' of ")
             << formatF64(value) << " ms is more than the runtime's 2^31 "
             << "steps of the timestep (" << formatF64(dt) << " ms)";
  }
  return success();
}

/// One namespace for the network's labels and symbols, and the integration
/// its populations can take.
LogicalResult NetworkOp::verifyRegions() {
  llvm::StringMap<Operation *> names;
  for (Operation &op : getBlock()) {
    StringRef name;
    if (auto population = llvm::dyn_cast<PopulationOp>(op))
      name = population.getName();
    else if (auto projection = llvm::dyn_cast<ProjectionOp>(op))
      name = projection.getSymName();
    else if (auto cam = llvm::dyn_cast<CamOp>(op))
      name = cam.getName();
    else if (auto astrocytes = llvm::dyn_cast<AstrocytesOp>(op))
      name = astrocytes.getName();
    else
      continue;
    if (name.empty())
      return op.emitOpError("needs a non-empty name");
    // Names reach JSON (summaries, reports, --export-json), which is UTF-8.
    if (!llvm::json::isUTF8(name))
      return op.emitOpError("name is not valid UTF-8");
    auto [it, inserted] = names.try_emplace(name, &op);
    if (!inserted)
      return op.emitOpError("duplicate name '")
                 .append(name, "' in network @", getSymName())
                 .attachNote(it->second->getLoc())
             << "first used here";
  }
  return verifyIntegration();
}

/// sPyNNaker's held-current step exists for IF_curr_exp (IF_cond_exp always
/// uses it); an alpha synapse has no such form here, so asking for it would
/// silently do nothing.
LogicalResult NetworkOp::verifyIntegration() {
  if (getIntegration() != Integration::spinnaker)
    return success();
  for (auto population : getBlock().getOps<PopulationOp>())
    if (population.getCellType() == CellType::IF_curr_alpha)
      return population.emitOpError("IF_curr_alpha has no 'spinnaker' "
                                    "integration (network @")
             << getSymName() << " asks for it); use 'exact'";
  return success();
}

//===----------------------------------------------------------------------===//
// PopulationOp
//===----------------------------------------------------------------------===//

/// Parameter `name` as set in `params`, or the default of model `info`;
/// null if the model has no such parameter.
static Attribute paramOrDefault(MLIRContext *context, DictionaryAttr params,
                                const models::ModelInfo &info, StringRef name) {
  if (params)
    if (Attribute value = params.get(name))
      return value;
  const models::Parameter *param = info.findParameter(name);
  if (!param)
    return {};
  return FloatAttr::get(Float64Type::get(context), param->defaultValue);
}

Attribute PopulationOp::getParamOrDefault(StringRef name) {
  return paramOrDefault(getContext(), getParamsAttr(),
                        getCellTypeInfo(getCellType()), name);
}

static LogicalResult verifyConstraint(Operation *op, StringRef name,
                                      Attribute value,
                                      models::Constraint constraint) {
  auto range = getValueBounds(value);
  if (!range || models::meetsConstraint(constraint, range->min))
    return success();
  return op->emitOpError("parameter '")
         << name << "' must be " << models::describeConstraint(constraint)
         << ", got " << describeValue(value);
}

static LogicalResult verifySpikeTimes(Operation *op, int64_t size,
                                      Attribute value) {
  if (auto trains = llvm::dyn_cast<SpikeTrainsAttr>(value)) {
    int64_t count = trains.getOffsets().getNumElements() - 1;
    if (count != size)
      return op->emitOpError("'spike_times' holds ")
             << count << " spike trains, expected one per neuron (" << size
             << ")";
    return verifySpikeTrains(trains, [&]() { return op->emitOpError(); });
  }
  auto array = llvm::dyn_cast<ElementsAttr>(value);
  auto times = array ? readF64Array(array) : std::nullopt;
  if (!times)
    return op->emitOpError(
        "'spike_times' must be a float array (shared by all "
        "neurons) or #snn.spike_trains (one per neuron)");
  for (size_t i = 0; i < times->size(); ++i) {
    double t = (*times)[i];
    if (!std::isfinite(t) || t < 0)
      return op->emitOpError("'spike_times' entry ")
             << i << " must be finite and >= 0, got " << formatF64(t);
    if (i > 0 && t < (*times)[i - 1])
      return op->emitOpError("'spike_times' must be sorted (entry ")
             << i << ")";
  }
  return success();
}

/// Checks the `params` and `initial` dictionaries of a population or an
/// astrocyte population of `size` against the model's catalogue entry.
/// `kind` names the model's kind in messages ("cell type").
static LogicalResult verifyModelValues(Operation *op, StringRef kind,
                                       const models::ModelInfo &info,
                                       DictionaryAttr params,
                                       DictionaryAttr initial, int64_t size) {
  auto emitError = [&]() { return op->emitOpError(); };
  std::string model = (kind + " " + std::string(info.name)).str();
  if (params) {
    for (NamedAttribute entry : params) {
      StringRef name = entry.getName();
      const models::Parameter *param = info.findParameter(name);
      if (!param)
        return op->emitOpError("unknown parameter '")
               << name << "' for " << model;
      if (name == StringRef(models::kSpikeTimes.data(),
                            models::kSpikeTimes.size())) {
        if (failed(verifySpikeTimes(op, size, entry.getValue())))
          return failure();
        continue;
      }
      std::string what = ("parameter '" + name + "'").str();
      if (failed(verifyValue(entry.getValue(), size, what, emitError)) ||
          failed(verifyConstraint(op, name, entry.getValue(),
                                  param->constraint)))
        return failure();
    }
  }
  if (initial) {
    for (NamedAttribute entry : initial) {
      StringRef name = entry.getName();
      if (!info.findState(name))
        return op->emitOpError("unknown state variable '")
               << name << "' in 'initial' for " << model;
      std::string what = ("initial value of '" + name + "'").str();
      if (failed(verifyValue(entry.getValue(), size, what, emitError)))
        return failure();
    }
  }
  return success();
}

LogicalResult PopulationOp::verify() {
  const models::CellTypeInfo &info = getCellTypeInfo(getCellType());
  if (failed(verifyModelValues(*this, "cell type", info, getParamsAttr(),
                               getInitialAttr(), getSize())))
    return failure();
  // A reset at or above threshold would spike forever.
  if (info.findParameter("v_reset") && info.findParameter("v_thresh")) {
    auto reset = getValueBounds(getParamOrDefault("v_reset"));
    auto thresh = getValueBounds(getParamOrDefault("v_thresh"));
    if (reset && thresh && std::isfinite(reset->max) &&
        std::isfinite(thresh->min) && reset->max >= thresh->min)
      return emitOpError("'v_reset' (")
             << describeValue(getParamOrDefault("v_reset"))
             << " mV) must be below 'v_thresh' ("
             << describeValue(getParamOrDefault("v_thresh")) << " mV)";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ViewOp
//===----------------------------------------------------------------------===//

static ParseResult parseSlice(OpAsmParser &parser, IntegerAttr &start,
                              Type &resultType) {
  int64_t first, last;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLSquare() || parser.parseInteger(first) ||
      parser.parseColon() || parser.parseInteger(last) || parser.parseRSquare())
    return failure();
  if (first < 0 || last <= first)
    return parser.emitError(loc, "expected a slice [start:stop] with "
                                 "0 <= start < stop, got [")
           << first << ":" << last << "]";
  start = parser.getBuilder().getI64IntegerAttr(first);
  resultType = PopulationType::get(parser.getContext(), last - first);
  return success();
}

static void printSlice(OpAsmPrinter &printer, ViewOp op, IntegerAttr start,
                       Type resultType) {
  int64_t first = start.getInt();
  printer << "[" << first << ":"
          << first + llvm::cast<PopulationType>(resultType).getSize() << "]";
}

LogicalResult ViewOp::verify() {
  int64_t sourceSize =
      llvm::cast<PopulationType>(getSource().getType()).getSize();
  if (getStop() > sourceSize)
    return emitOpError("slice [")
           << getStart() << ":" << getStop()
           << "] is out of range for a source of " << sourceSize << " neurons";
  return success();
}

//===----------------------------------------------------------------------===//
// ProjectionOp
//===----------------------------------------------------------------------===//

double ProjectionOp::getExpectedSynapses() {
  auto pre = resolvePopulationSlice(getPre());
  auto post = resolvePopulationSlice(getPost());
  int64_t overlap = pre && post ? pre->overlap(*post) : 0;
  return getConnector().expectedSynapses(getPreSize(), getPostSize(), overlap);
}

/// The delays of a from_list connector, which replace its synapse's; null
/// for other connectors.
static ElementsAttr listDelaysOf(ProjectionOp op) {
  auto list = llvm::dyn_cast<FromListAttr>(op.getConnector());
  return list ? list.getDelays() : ElementsAttr();
}

/// Refuses a delay of more than kMaxDelaySteps steps: `delay` (a constant,
/// or a distribution's upper bound) or, when given, any of `listDelays`.
/// Steps are rounded as the runtime rounds them, after the lowering scales
/// the delay by 1 / timestep. `what` names the delay ("delay").
static LogicalResult verifyDelayLimit(Operation *op, StringRef what,
                                      Attribute delay, ElementsAttr listDelays,
                                      double timestep) {
  auto exceeds = [&](double ms) {
    return std::round(ms * (1 / timestep)) > double(kMaxDelaySteps);
  };
  auto refuse = [&](const Twine &value) {
    return op->emitOpError()
           << value << " exceeds the runtime's limit of " << kMaxDelaySteps
           << " timesteps of " << formatF64(timestep) << " ms";
  };
  if (listDelays) {
    if (auto values = readF64Array(listDelays))
      for (double value : *values)
        if (exceeds(value))
          return refuse("from_list delay " + formatF64(value) + " ms");
    return success();
  }
  if (auto constant = getConstant(delay)) {
    if (exceeds(*constant))
      return refuse(what + " " + formatF64(*constant) + " ms");
    return success();
  }
  // An unbounded distribution (a normal) is left to the runtime, which
  // clamps its samples, as for its lower end (verifyDelay).
  auto range = getValueBounds(delay);
  if (range && std::isfinite(range->max) && exceeds(range->max))
    return refuse(what + " distribution " + describeValue(delay));
  return success();
}

LogicalResult ProjectionOp::verifyDelayLimit(double timestep) {
  return ::verifyDelayLimit(*this, "delay", getSynapse().getDelay(),
                            listDelaysOf(*this), timestep);
}

/// Checks the delays of a synapse against the timestep: `delay`, or the
/// `listDelays` of a from_list connector that replace it. The limit comes
/// first: the steps of a huge delay are too coarse to tell whether they
/// are whole.
static LogicalResult verifyDelay(Operation *op, StringRef what, Attribute delay,
                                 ElementsAttr listDelays, double timestep) {
  if (failed(verifyDelayLimit(op, what, delay, listDelays, timestep)))
    return failure();
  auto check = [&](double value, const Twine &name) -> LogicalResult {
    if (isWholeSteps(value, timestep))
      return success();
    return op->emitOpError() << name << " " << formatF64(value)
                             << " ms must be a whole number (>= 1) of "
                                "timesteps of "
                             << formatF64(timestep) << " ms";
  };
  if (listDelays) {
    if (auto values = readF64Array(listDelays))
      for (double value : *values)
        if (failed(check(value, "from_list delay")))
          return failure();
    return success();
  }
  if (auto constant = getConstant(delay))
    return check(*constant, what);
  auto range = getValueBounds(delay);
  if (range && range->min < timestep * (1 - 1e-9))
    return op->emitOpError()
           << what << " distribution " << describeValue(delay)
           << " reaches below one timestep (" << formatF64(timestep) << " ms)";
  return success();
}

/// PyNN's sign rule: conductances and excitatory currents are >= 0,
/// inhibitory currents <= 0. Plastic weights are magnitudes (the receptor
/// gives the sign), as on SpiNNaker.
static LogicalResult verifyWeightSign(ProjectionOp op,
                                      const models::CellTypeInfo &post) {
  if (op.getSynapse().isPlastic())
    return success();
  std::optional<ValueBounds> range;
  if (auto list = llvm::dyn_cast<FromListAttr>(op.getConnector());
      list && list.getWeights())
    range = getValueBounds(list.getWeights());
  else
    range = getValueBounds(op.getSynapse().getWeight());
  if (!range)
    return success();
  bool inhibitory = op.getReceptor() == Receptor::inhibitory;
  if (post.conductanceBased || !inhibitory) {
    if (range->min < 0)
      return op.emitOpError("weights must be >= 0 for ")
             << (post.conductanceBased ? "conductance-based" : "excitatory")
             << " synapses, got a minimum of " << formatF64(range->min);
  } else if (range->max > 0) {
    return op.emitOpError("weights must be <= 0 for current-based inhibitory "
                          "synapses, got a maximum of ")
           << formatF64(range->max);
  }
  return success();
}

/// [w_min, w_max] of a plastic synapse model.
static std::optional<std::pair<double, double>>
plasticWindow(SynapseAttrInterface synapse) {
  if (auto stdp = llvm::dyn_cast<StdpSynapseAttr>(synapse))
    return std::make_pair(double(stdp.getWMin()), double(stdp.getWMax()));
  if (auto trace = llvm::dyn_cast<TraceStdpSynapseAttr>(synapse))
    return std::make_pair(double(trace.getWMin()), double(trace.getWMax()));
  return std::nullopt;
}

/// What a synapse needs whatever its endpoints: delays the runtime can
/// hold, in whole timesteps (`delay` names them in messages; `listDelays`
/// replace the synapse's), and a plastic synapse's initial weight within
/// [w_min, w_max]. A cam's `learning` synapse is checked the same way.
static LogicalResult verifySynapse(Operation *op, StringRef delay,
                                   SynapseAttrInterface synapse,
                                   ElementsAttr listDelays, double timestep) {
  if (failed(verifyDelay(op, delay, synapse.getDelay(), listDelays, timestep)))
    return failure();
  if (auto window = plasticWindow(synapse)) {
    auto range = getValueBounds(synapse.getWeight());
    if (range && (range->min < window->first || range->max > window->second))
      return op->emitOpError("initial STDP weight ")
             << describeValue(synapse.getWeight())
             << " lies outside [w_min, w_max] = [" << formatF64(window->first)
             << ", " << formatF64(window->second) << "]";
  }
  return success();
}

LogicalResult ProjectionOp::verify() {
  auto pre = resolvePopulationSlice(getPre());
  auto post = resolvePopulationSlice(getPost());
  if (!pre || !post)
    return emitOpError("endpoints must be populations or views of them");
  const models::CellTypeInfo &postInfo =
      getCellTypeInfo(post->getCellType());
  if (postInfo.isSource)
    return emitOpError("postsynaptic population '")
           << post->getName() << "' is a " << postInfo.name.data()
           << " and cannot receive synapses";
  if (failed(getConnector().verifyEndpoints(getPreSize(), getPostSize(),
                                            pre->overlap(*post),
                                            [&]() { return emitOpError(); })))
    return failure();
  if (IntegerAttr seed = getSeedAttr(); seed && seed.getInt() < 0)
    return emitOpError("'seed' must be >= 0, got ") << seed.getInt();
  double timestep = getNetwork(*this).getTimestep().convertToDouble();
  if (failed(verifySynapse(*this, "delay", getSynapse(), listDelaysOf(*this),
                           timestep)))
    return failure();
  return verifyWeightSign(*this, postInfo);
}

//===----------------------------------------------------------------------===//
// RecordOp
//===----------------------------------------------------------------------===//

/// "spikes, v, isyn_exc, ..." for messages.
static std::string recordableNames(const models::ModelInfo &info,
                                   bool spikes) {
  std::string names = spikes ? "spikes" : "";
  for (const models::StateVariable &state : info.state)
    names += (names.empty() ? "" : ", ") + std::string(state.name);
  return names;
}

LogicalResult RecordOp::verify() {
  const models::ModelInfo *info = nullptr;
  bool spikes = true;
  if (auto astrocytes = getTarget().getDefiningOp<AstrocytesOp>()) {
    info = &getAstrocyteModelInfo(astrocytes.getModel());
    spikes = false; // astrocytes do not spike
  } else if (auto target = resolvePopulationSlice(getTarget())) {
    info = &getCellTypeInfo(target->getCellType());
  } else {
    return emitOpError("target must be a population, a view or astrocytes");
  }
  if (getVariables().empty())
    return emitOpError("needs at least one variable to record");
  llvm::StringSet<> seen;
  for (Attribute entry : getVariables()) {
    StringRef name = llvm::cast<StringAttr>(entry).getValue();
    if (!(spikes && name == "spikes") && !info->findState(name))
      return emitOpError("cannot record '")
             << name << "' of a " << std::string(info->name)
             << " population; recordable: " << recordableNames(*info, spikes);
    if (!seen.insert(name).second)
      return emitOpError("records '") << name << "' twice";
  }
  if (auto interval = getSamplingInterval()) {
    double timestep = getNetwork(*this).getTimestep().convertToDouble();
    // The limit first: the steps of a huge interval are too coarse to tell
    // whether they are whole.
    if (failed(verifySamplingLimit(timestep)))
      return failure();
    if (!isWholeSteps(interval->convertToDouble(), timestep))
      return emitOpError("'sampling_interval' ")
             << formatF64(interval->convertToDouble())
             << " ms must be a whole number (>= 1) of timesteps of "
             << formatF64(timestep) << " ms";
  }
  return success();
}

LogicalResult RecordOp::verifySamplingLimit(double timestep) {
  auto interval = getSamplingInterval();
  if (!interval)
    return success();
  // Steps rounded as the lowering rounds them; a NaN is left to the
  // whole-number check.
  double ms = interval->convertToDouble();
  if (!(std::round(ms / timestep) > double(kMaxSamplingSteps)))
    return success();
  return emitOpError("'sampling_interval' ")
         << formatF64(ms) << " ms exceeds the runtime's limit of "
         << kMaxSamplingSteps << " timesteps of " << formatF64(timestep)
         << " ms";
}

//===----------------------------------------------------------------------===//
// CamOp
//===----------------------------------------------------------------------===//

/// Checks that `bits` is a non-empty set of distinct content bits < `count`.
static LogicalResult verifyContentBits(CamOp op, size_t index,
                                       ArrayRef<int64_t> bits, int64_t count) {
  if (bits.empty())
    return op.emitOpError("protocol operation ")
           << index << " has empty content";
  llvm::SmallDenseSet<int64_t> seen;
  for (int64_t bit : bits) {
    if (bit < 0 || bit >= count)
      return op.emitOpError("protocol operation ")
             << index << ": content bit " << bit << " is outside [0, " << count
             << ")";
    if (!seen.insert(bit).second)
      return op.emitOpError("protocol operation ")
             << index << ": content bit " << bit << " is repeated";
  }
  return success();
}

static LogicalResult verifyCue(CamOp op, size_t index, int64_t cue) {
  if (cue < 0 || cue >= int64_t(op.getMemories()))
    return op.emitOpError("protocol operation ")
           << index << ": cue " << cue << " is outside [0, "
           << op.getMemories() << ")";
  return success();
}

/// The start time (ms) of a protocol operation, after checking its fields.
static FailureOr<double> verifyOperation(CamOp op, size_t index,
                                         Attribute operation) {
  int64_t bits = op.getBits();
  if (auto learn = llvm::dyn_cast<CamLearnAttr>(operation)) {
    if (failed(verifyCue(op, index, learn.getCue())) ||
        failed(verifyContentBits(op, index, learn.getBits().asArrayRef(), bits)))
      return failure();
    return double(learn.getTime());
  }
  if (auto recall = llvm::dyn_cast<CamRecallCueAttr>(operation)) {
    if (failed(verifyCue(op, index, recall.getCue())))
      return failure();
    return double(recall.getTime());
  }
  if (auto recall = llvm::dyn_cast<CamRecallContentAttr>(operation)) {
    if (failed(verifyContentBits(op, index, recall.getBits().asArrayRef(), bits)))
      return failure();
    return double(recall.getTime());
  }
  return op.emitOpError("protocol operation ")
         << index << " must be #snn.learn, #snn.recall_cue or "
         << "#snn.recall_content, got " << operation;
}

LogicalResult CamOp::verify() {
  int64_t size = getMemories() + getBits();
  if (getOutput().getType().getSize() != size)
    return emitOpError("output must have memories + bits = ")
           << size << " neurons, got " << getOutput().getType().getSize();
  if (getInput() && getProtocol())
    return emitOpError("takes an input population or a protocol, not both");
  if (!getInput() && !getProtocol())
    return emitOpError("needs an input population or a protocol");
  if (getInput() &&
      llvm::cast<PopulationType>(getInput().getType()).getSize() != size)
    return emitOpError("input must have memories + bits = ")
           << size << " neurons, got "
           << llvm::cast<PopulationType>(getInput().getType()).getSize();
  for (auto [group, params] : {std::pair<StringRef, DictionaryAttr>{
                                   "regular_params", getRegularParamsAttr()},
                               {"fast_params", getFastParamsAttr()},
                               {"output_params", getOutputParamsAttr()}}) {
    if (!params)
      continue;
    const models::CellTypeInfo &info = getCellTypeInfo(CellType::IF_curr_exp);
    for (NamedAttribute entry : params) {
      const models::Parameter *parameter =
          info.findParameter(entry.getName().strref());
      auto value = llvm::dyn_cast<FloatAttr>(entry.getValue());
      if (!parameter || !value)
        return emitOpError("'")
               << group << "' entry '" << entry.getName().strref()
               << "' must be an IF_curr_exp parameter with a float value";
      // Held here, not first by the populations snn-expand-cam makes.
      if (!models::meetsConstraint(parameter->constraint,
                                   value.getValueAsDouble()))
        return emitOpError("'")
               << group << "' entry '" << entry.getName().strref()
               << "' must be "
               << models::describeConstraint(parameter->constraint) << ", got "
               << formatF64(value.getValueAsDouble());
    }
  }
  double timestep = getNetwork(*this).getTimestep().convertToDouble();
  // The learning projections snn-expand-cam makes would fail their own
  // verifier only after `glia check` had accepted the network.
  if (auto learning = getLearningAttr())
    if (failed(verifySynapse(*this, "'learning' delay", learning,
                             ElementsAttr(), timestep)))
      return failure();
  if (!getProtocol())
    return success();
  std::optional<double> previous;
  double spacing = 0; // what the previous operation needs
  for (auto [index, operation] : llvm::enumerate(getProtocolAttr())) {
    FailureOr<double> time = verifyOperation(*this, index, operation);
    if (failed(time))
      return failure();
    if (*time < 0 || std::abs(*time / timestep - std::round(*time / timestep)) > 1e-9)
      return emitOpError("protocol operation ")
             << index << " starts at " << formatF64(*time)
             << " ms; it must be >= 0 and a whole number of timesteps";
    if (previous && *time < *previous + spacing)
      return emitOpError("protocol operation ")
             << index << " at " << formatF64(*time)
             << " ms overlaps the one before (at " << formatF64(*previous)
             << " ms); the next operation may start " << formatF64(kLearnSpacing)
             << " ms after a learn and " << formatF64(kRecallSpacing)
             << " ms after a recall";
    previous = *time;
    spacing = llvm::isa<CamLearnAttr>(operation) ? kLearnSpacing
                                                 : kRecallSpacing;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Astrocytes
//===----------------------------------------------------------------------===//

LogicalResult
AstrocyteType::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                      int64_t size) {
  if (size < 1 || size > kMaxPopulationSize)
    return emitError() << "!snn.astro: size must be in [1, "
                       << kMaxPopulationSize << "], got " << size;
  return success();
}

const models::AstrocyteModelInfo &glia::snn::getAstrocyteModelInfo(
    AstroModel model) {
  return models::astrocyteModel(static_cast<models::AstroKind>(model));
}

Attribute AstrocytesOp::getParamOrDefault(StringRef name) {
  return paramOrDefault(getContext(), getParamsAttr(),
                        getAstrocyteModelInfo(getModel()), name);
}

LogicalResult AstrocytesOp::verify() {
  if (failed(verifyModelValues(*this, "astrocyte model",
                               getAstrocyteModelInfo(getModel()),
                               getParamsAttr(), getInitialAttr(), getSize())))
    return failure();
  return verifyTimestep(getNetwork(*this).getTimestep().convertToDouble());
}

/// What runtime::checkAstrocyte requires: the leaky integrator's explicit
/// Euler step (as NALSM's) keeps A·(1 - dt/tau) of its state, which turns
/// negative when the timestep exceeds tau. Li-Rinzel sub-steps within the
/// timestep, so any timestep suits it.
LogicalResult AstrocytesOp::verifyTimestep(double timestep) {
  if (getModel() != AstroModel::leaky_integrator)
    return success();
  Attribute tau = getParamOrDefault("tau");
  auto range = getValueBounds(tau);
  if (!range || timestep <= range->min)
    return success();
  return emitOpError("parameter 'tau' (")
         << describeValue(tau) << " ms) must be at least the timestep ("
         << formatF64(timestep)
         << " ms): the leaky integrator's step is explicit";
}

/// Each astrocyte needs at least one neuron in its domain of `target`.
static LogicalResult verifyDomains(Operation *op, Value astrocytes,
                                   int64_t targetSize, StringRef what) {
  int64_t count = llvm::cast<AstrocyteType>(astrocytes.getType()).getSize();
  if (count > targetSize)
    return op->emitOpError("has ")
           << count << " astrocytes but " << what << " has only " << targetSize
           << " neurons; each astrocyte needs a domain of at least one";
  return success();
}

static FailureOr<ProjectionOp> lookupProjection(Operation *op,
                                                FlatSymbolRefAttr symbol) {
  auto projection = llvm::dyn_cast_or_null<ProjectionOp>(
      SymbolTable::lookupNearestSymbolFrom(op, symbol));
  if (!projection)
    return op->emitOpError("refers to ")
           << symbol << ", which is not a projection of this network";
  return projection;
}

static LogicalResult verifyFiniteAttr(Operation *op, StringRef name,
                                      double value) {
  if (std::isfinite(value))
    return success();
  return op->emitOpError("'") << name << "' must be finite, got "
                              << formatF64(value);
}

LogicalResult AstroListenOp::verify() {
  if (bool(getSource()) == bool(getProjectionAttr()))
    return emitOpError("listens to either a population or a projection");
  double weight = getWeight().convertToDouble();
  if (failed(verifyFiniteAttr(*this, "weight", weight)))
    return failure();
  int64_t size;
  if (getSource()) {
    size = llvm::cast<PopulationType>(getSource().getType()).getSize();
  } else {
    FailureOr<ProjectionOp> projection =
        lookupProjection(*this, getProjectionAttr());
    if (failed(projection))
      return failure();
    size = projection->getPreSize();
  }
  return verifyDomains(*this, getAstrocytes(), size, "the source");
}

LogicalResult AstroModulateOp::verify() {
  if (failed(verifyFiniteAttr(*this, "gain", getGain().convertToDouble())))
    return failure();
  FailureOr<ProjectionOp> projection =
      lookupProjection(*this, getProjectionAttr());
  if (failed(projection))
    return failure();
  bool plasticity = getModulation() != Modulation::weight_scale;
  if (plasticity && !projection->getSynapse().isPlastic())
    return emitOpError("cannot modulate the plasticity of ")
           << getProjectionAttr() << ": its synapses are static";
  // Two modulations of one kind on one projection would fight over it.
  for (auto other : (*this)->getParentOfType<NetworkOp>()
                        .getBlock()
                        .getOps<AstroModulateOp>()) {
    if (other == *this)
      break;
    if (other.getModulation() == getModulation() &&
        other.getProjectionAttr() == getProjectionAttr())
      return emitOpError("modulates ")
             << stringifyModulation(getModulation()) << " of "
             << getProjectionAttr() << " a second time";
  }
  return verifyDomains(*this, getAstrocytes(), projection->getPostSize(),
                       "the projection's postsynaptic side");
}

LogicalResult AstroInjectOp::verify() {
  if (failed(verifyFiniteAttr(*this, "gain", getGain().convertToDouble())))
    return failure();
  auto target = resolvePopulationSlice(getTarget());
  if (!target)
    return emitOpError("target must be a population or a view of one");
  const models::CellTypeInfo &info = getCellTypeInfo(target->getCellType());
  if (!info.takesInjectedCurrent())
    return emitOpError("cannot inject a current into '")
           << target->getName() << "' (" << std::string(info.name)
           << "): only the LIF cell types take one";
  return verifyDomains(*this, getAstrocytes(), target->size, "the target");
}

#define GET_OP_CLASSES
#include "glia/Dialect/Snn/SnnOps.cpp.inc"
