//===- SnnAttrs.cpp - snn attributes: verifiers and connector semantics ---===//

#include "glia/Dialect/Snn/SnnAttrs.h"
#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Dialect/Snn/SnnValues.h"
#include "glia/Runtime/Random.h"
#include "llvm/ADT/TypeSwitch.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"

#include <cmath>

using namespace mlir;
using namespace glia::snn;

#include "glia/Dialect/Snn/SnnInterfaces.cpp.inc"
#include "glia/Dialect/Snn/SnnOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "glia/Dialect/Snn/SnnOpsAttributes.cpp.inc"

void SnnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "glia/Dialect/Snn/SnnOpsAttributes.cpp.inc"
      >();
}

using EmitErrorFn = llvm::function_ref<InFlightDiagnostic()>;

static LogicalResult requireFinite(EmitErrorFn emitError, StringRef attr,
                                   StringRef field, double value) {
  if (std::isfinite(value))
    return success();
  return emitError() << "#snn." << attr << ": '" << field
                     << "' must be finite, got " << formatF64(value);
}

//===----------------------------------------------------------------------===//
// Distributions
//===----------------------------------------------------------------------===//

LogicalResult UniformAttr::verify(EmitErrorFn emitError, StoredF64 low,
                                  StoredF64 high) {
  if (failed(requireFinite(emitError, "uniform", "low", low)) ||
      failed(requireFinite(emitError, "uniform", "high", high)))
    return failure();
  if (low > high)
    return emitError() << "#snn.uniform: 'low' (" << formatF64(low)
                       << ") must not exceed 'high' (" << formatF64(high)
                       << ")";
  // A sample is low + (high - low)·u: the width must be finite too.
  if (runtime::uniformOverflows(low, high))
    return emitError() << "#snn.uniform: the range from " << formatF64(low)
                       << " to " << formatF64(high)
                       << " is too wide to sample (high - low overflows)";
  return success();
}

LogicalResult NormalAttr::verify(EmitErrorFn emitError, StoredF64 mu,
                                 StoredF64 sigma) {
  if (failed(requireFinite(emitError, "normal", "mu", mu)) ||
      failed(requireFinite(emitError, "normal", "sigma", sigma)))
    return failure();
  if (sigma < 0)
    return emitError() << "#snn.normal: 'sigma' must be >= 0, got "
                       << formatF64(sigma);
  if (runtime::normalOverflows(mu, sigma))
    return emitError() << "#snn.normal: samples reach mu ± "
                       << formatF64(runtime::kNormalReach)
                       << " sigma, which overflows for mu = " << formatF64(mu)
                       << ", sigma = " << formatF64(sigma);
  return success();
}

LogicalResult NormalClippedAttr::verify(EmitErrorFn emitError, StoredF64 mu,
                                        StoredF64 sigma, StoredF64 low,
                                        StoredF64 high) {
  for (auto [name, value] : {std::pair<StringRef, double>{"mu", mu},
                             {"sigma", sigma},
                             {"low", low},
                             {"high", high}})
    if (failed(requireFinite(emitError, "normal_clipped", name, value)))
      return failure();
  if (sigma < 0)
    return emitError() << "#snn.normal_clipped: 'sigma' must be >= 0, got "
                       << formatF64(sigma);
  if (low > high)
    return emitError() << "#snn.normal_clipped: 'low' (" << formatF64(low)
                       << ") must not exceed 'high' (" << formatF64(high)
                       << ")";
  double share = runtime::clippedShare(mu, sigma, low, high);
  if (share < runtime::kMinClippedShare)
    return emitError() << "#snn.normal_clipped: the window from "
                       << formatF64(low) << " to " << formatF64(high)
                       << " holds " << formatF64(share)
                       << " of normal(mu = " << formatF64(mu)
                       << ", sigma = " << formatF64(sigma) << "), less than "
                       << formatF64(runtime::kMinClippedShare)
                       << ": sampling would draw more than "
                       << formatF64(1 / runtime::kMinClippedShare)
                       << " times a value";
  return success();
}

// Attribute verifiers check only the shape: while a file is parsed, a dense
// resource's blob is not loaded yet (the resource section comes last), so
// the contents are checked by the op verifiers (verifySpikeTrains,
// FromListAttr::verifyEndpoints), which run on the whole parsed module.
LogicalResult SpikeTrainsAttr::verify(EmitErrorFn emitError,
                                      ElementsAttr offsets,
                                      ElementsAttr times) {
  if (!llvm::isa<IntegerType>(offsets.getElementType()) ||
      llvm::cast<ShapedType>(offsets.getType()).getRank() != 1 ||
      offsets.getNumElements() < 1)
    return emitError() << "#snn.spike_trains: 'offsets' must be a non-empty "
                          "1-D integer array";
  if (!llvm::isa<FloatType>(times.getElementType()) ||
      llvm::cast<ShapedType>(times.getType()).getRank() != 1)
    return emitError() << "#snn.spike_trains: 'times' must be a 1-D float "
                          "array";
  return success();
}

LogicalResult glia::snn::verifySpikeTrains(SpikeTrainsAttr trains,
                                           EmitErrorFn emitError) {
  auto offsets = readI64Array(trains.getOffsets());
  auto times = readF64Array(trains.getTimes());
  if (!offsets || !times)
    return emitError() << "#snn.spike_trains: arrays are unreadable";
  // Every offset is checked before any indexes `times`: starting at 0,
  // never decreasing and ending at the number of times, all lie in
  // [0, times->size()].
  if (offsets->front() != 0)
    return emitError() << "#snn.spike_trains: 'offsets' must start at 0, got "
                       << offsets->front();
  for (size_t k = 1; k < offsets->size(); ++k)
    if ((*offsets)[k] < (*offsets)[k - 1])
      return emitError() << "#snn.spike_trains: 'offsets' must not decrease "
                            "(entry "
                         << k << ")";
  if (offsets->back() != static_cast<int64_t>(times->size()))
    return emitError() << "#snn.spike_trains: last offset (" << offsets->back()
                       << ") must equal the number of times (" << times->size()
                       << ")";
  for (size_t k = 0; k + 1 < offsets->size(); ++k) {
    int64_t begin = (*offsets)[k], end = (*offsets)[k + 1];
    for (int64_t i = begin; i < end; ++i) {
      double t = (*times)[i];
      if (!std::isfinite(t) || t < 0)
        return emitError() << "#snn.spike_trains: spike time of neuron " << k
                           << " must be finite and >= 0, got " << formatF64(t);
      if (i > begin && t < (*times)[i - 1])
        return emitError() << "#snn.spike_trains: spike times of neuron " << k
                           << " must be sorted";
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Connectors
//===----------------------------------------------------------------------===//

LogicalResult AllToAllAttr::verifyEndpoints(int64_t preSize, int64_t postSize,
                                            int64_t overlap,
                                            EmitErrorFn emitError) const {
  // Excluding self pairs and diagonal pairs at once would need the overlap's
  // alignment; no model needs both, so refuse rather than guess.
  if (getSkipDiagonal() && !getAllowSelf() && overlap > 0)
    return emitError() << "#snn.all_to_all: 'skip_diagonal' and 'allow_self "
                          "= false' cannot be combined on overlapping sides";
  return success();
}

double AllToAllAttr::expectedSynapses(int64_t preSize, int64_t postSize,
                                      int64_t overlap) const {
  double pairs = double(preSize) * double(postSize);
  if (getSkipDiagonal())
    return pairs - double(std::min(preSize, postSize));
  return pairs - (getAllowSelf() ? 0 : overlap);
}

StringRef AllToAllAttr::getPyNNName() const { return "AllToAllConnector"; }

LogicalResult OneToOneAttr::verifyEndpoints(int64_t preSize, int64_t postSize,
                                            int64_t,
                                            EmitErrorFn emitError) const {
  if (preSize != postSize)
    return emitError() << "#snn.one_to_one needs sides of equal size, got "
                       << preSize << " -> " << postSize;
  return success();
}

double OneToOneAttr::expectedSynapses(int64_t preSize, int64_t, int64_t) const {
  return double(preSize);
}

StringRef OneToOneAttr::getPyNNName() const { return "OneToOneConnector"; }

LogicalResult FixedProbabilityAttr::verify(EmitErrorFn emitError, StoredF64 p,
                                           bool) {
  if (!(p >= 0.0 && p <= 1.0))
    return emitError() << "#snn.fixed_probability: 'p' must be in [0, 1], got "
                       << formatF64(p);
  return success();
}

LogicalResult FixedProbabilityAttr::verifyEndpoints(int64_t, int64_t, int64_t,
                                                    EmitErrorFn) const {
  return success();
}

double FixedProbabilityAttr::expectedSynapses(int64_t preSize, int64_t postSize,
                                              int64_t overlap) const {
  double pairs =
      double(preSize) * double(postSize) - (getAllowSelf() ? 0 : overlap);
  return getP() * pairs;
}

StringRef FixedProbabilityAttr::getPyNNName() const {
  return "FixedProbabilityConnector";
}

static LogicalResult verifyFixedNumber(EmitErrorFn emitError, StringRef name,
                                       int64_t n) {
  if (n < 0)
    return emitError() << "#snn." << name << ": 'n' must be >= 0, got " << n;
  if (uint64_t(n) > glia::runtime::kMaxFixedNumber)
    return emitError() << "#snn." << name << ": 'n' must be at most "
                       << glia::runtime::kMaxFixedNumber << ", got " << n;
  return success();
}

/// Without replacement, n partners must exist among `candidates` neurons
/// (one fewer when self-connections are excluded and possible); with
/// replacement, one (the generator drew none, silently, from no one).
static LogicalResult verifyEnoughPartners(EmitErrorFn emitError, StringRef name,
                                          int64_t n, int64_t candidates,
                                          bool withReplacement, bool allowSelf,
                                          int64_t overlap) {
  int64_t available = candidates - (!allowSelf && overlap > 0 ? 1 : 0);
  if (withReplacement) {
    if (n > 0 && available < 1)
      return emitError() << "#snn." << name << ": 'n' (" << n
                         << ") partners drawn with replacement need one to "
                            "draw from, and there is none but the neuron "
                            "itself";
    return success();
  }
  if (n > available)
    return emitError() << "#snn." << name << ": 'n' (" << n << ") exceeds the "
                       << available
                       << " distinct partners available without replacement";
  return success();
}

LogicalResult FixedNumberPreAttr::verify(EmitErrorFn emitError, int64_t n, bool,
                                         bool) {
  return verifyFixedNumber(emitError, "fixed_number_pre", n);
}

LogicalResult FixedNumberPreAttr::verifyEndpoints(int64_t preSize, int64_t,
                                                  int64_t overlap,
                                                  EmitErrorFn emitError) const {
  return verifyEnoughPartners(emitError, "fixed_number_pre", getN(), preSize,
                              getWithReplacement(), getAllowSelf(), overlap);
}

double FixedNumberPreAttr::expectedSynapses(int64_t, int64_t postSize,
                                            int64_t) const {
  return double(getN()) * double(postSize);
}

StringRef FixedNumberPreAttr::getPyNNName() const {
  return "FixedNumberPreConnector";
}

LogicalResult FixedNumberPostAttr::verify(EmitErrorFn emitError, int64_t n,
                                          bool, bool) {
  return verifyFixedNumber(emitError, "fixed_number_post", n);
}

LogicalResult
FixedNumberPostAttr::verifyEndpoints(int64_t, int64_t postSize, int64_t overlap,
                                     EmitErrorFn emitError) const {
  return verifyEnoughPartners(emitError, "fixed_number_post", getN(), postSize,
                              getWithReplacement(), getAllowSelf(), overlap);
}

double FixedNumberPostAttr::expectedSynapses(int64_t preSize, int64_t,
                                             int64_t) const {
  return double(getN()) * double(preSize);
}

StringRef FixedNumberPostAttr::getPyNNName() const {
  return "FixedNumberPostConnector";
}

LogicalResult FromListAttr::verify(EmitErrorFn emitError, ElementsAttr pre,
                                   ElementsAttr post, ElementsAttr weights,
                                   ElementsAttr delays) {
  auto isVector = [](ElementsAttr array) {
    return llvm::cast<ShapedType>(array.getType()).getRank() == 1;
  };
  if (!llvm::isa<IntegerType>(pre.getElementType()) || !isVector(pre) ||
      !llvm::isa<IntegerType>(post.getElementType()) || !isVector(post))
    return emitError()
           << "#snn.from_list: 'pre' and 'post' must be 1-D integer arrays";
  int64_t count = pre.getNumElements();
  if (post.getNumElements() != count)
    return emitError() << "#snn.from_list: 'pre' has " << count
                       << " entries but 'post' has " << post.getNumElements();
  for (auto [name, array] :
       {std::pair<StringRef, ElementsAttr>{"weights", weights},
        {"delays", delays}}) {
    if (!array)
      continue;
    if (!llvm::isa<FloatType>(array.getElementType()) || !isVector(array))
      return emitError() << "#snn.from_list: '" << name
                         << "' must be a 1-D float array";
    if (array.getNumElements() != count)
      return emitError() << "#snn.from_list: '" << name << "' has "
                         << array.getNumElements() << " entries, expected "
                         << count;
  }
  return success();
}

LogicalResult FromListAttr::verifyEndpoints(int64_t preSize, int64_t postSize,
                                            int64_t,
                                            EmitErrorFn emitError) const {
  for (auto [name, array, size] :
       {std::tuple<StringRef, ElementsAttr, int64_t>{"pre", getPre(), preSize},
        {"post", getPost(), postSize}}) {
    auto indices = readI64Array(array);
    if (!indices)
      return emitError() << "#snn.from_list: '" << name << "' is unreadable";
    for (auto [entry, index] : llvm::enumerate(*indices))
      if (index < 0 || index >= size)
        return emitError() << "#snn.from_list: '" << name << "' entry "
                           << entry << " is " << index << ", outside [0, "
                           << size << ")";
  }
  for (auto [name, array] :
       {std::pair<StringRef, ElementsAttr>{"weights", getWeights()},
        {"delays", getDelays()}}) {
    if (!array)
      continue;
    auto values = readF64Array(array);
    if (!values)
      return emitError() << "#snn.from_list: '" << name << "' is unreadable";
    for (auto [index, v] : llvm::enumerate(*values))
      if (!std::isfinite(v))
        return emitError() << "#snn.from_list: '" << name << "' entry "
                           << index << " must be finite";
  }
  return success();
}

double FromListAttr::expectedSynapses(int64_t, int64_t, int64_t) const {
  return double(getPre().getNumElements());
}

StringRef FromListAttr::getPyNNName() const { return "FromListConnector"; }

//===----------------------------------------------------------------------===//
// Synapses
//===----------------------------------------------------------------------===//

/// A weight or a delay is a constant or a distribution; per-synapse arrays
/// come only through #snn.from_list.
static LogicalResult verifySynapseValue(EmitErrorFn emitError, StringRef attr,
                                        StringRef field, Attribute value) {
  if (!llvm::isa<FloatAttr, UniformAttr, NormalAttr, NormalClippedAttr>(value))
    return emitError() << "#snn." << attr << ": '" << field
                       << "' must be a float or a distribution, got " << value;
  if (auto constant = getConstant(value))
    return requireFinite(emitError, attr, field, *constant);
  return success();
}

/// The weight window of a plastic synapse: finite, ordered, magnitudes.
static LogicalResult verifyPlasticBounds(EmitErrorFn emitError, StringRef attr,
                                         double wMin, double wMax) {
  if (failed(requireFinite(emitError, attr, "w_min", wMin)) ||
      failed(requireFinite(emitError, attr, "w_max", wMax)))
    return failure();
  if (wMin > wMax)
    return emitError() << "#snn." << attr << ": 'w_min' (" << formatF64(wMin)
                       << ") must not exceed 'w_max' (" << formatF64(wMax)
                       << ")";
  if (wMin < 0)
    return emitError() << "#snn." << attr
                       << ": 'w_min' must be >= 0 (weights are "
                          "magnitudes; the receptor gives the sign), got "
                       << formatF64(wMin);
  return success();
}

LogicalResult StaticSynapseAttr::verify(EmitErrorFn emitError, Attribute weight,
                                        Attribute delay) {
  if (failed(verifySynapseValue(emitError, "static", "weight", weight)) ||
      failed(verifySynapseValue(emitError, "static", "delay", delay)))
    return failure();
  return success();
}

LogicalResult StdpSynapseAttr::verify(EmitErrorFn emitError, Attribute weight,
                                      Attribute delay, StoredF64 tauPlus,
                                      StoredF64 tauMinus, StoredF64 aPlus,
                                      StoredF64 aMinus, WeightDependence,
                                      StoredF64 wMin, StoredF64 wMax) {
  if (failed(verifySynapseValue(emitError, "stdp", "weight", weight)) ||
      failed(verifySynapseValue(emitError, "stdp", "delay", delay)))
    return failure();
  for (auto [name, value] : {std::pair<StringRef, double>{"tau_plus", tauPlus},
                             {"tau_minus", tauMinus}}) {
    if (!(value > 0) || !std::isfinite(value))
      return emitError() << "#snn.stdp: '" << name << "' must be > 0, got "
                         << formatF64(value);
  }
  for (auto [name, value] :
       {std::pair<StringRef, double>{"A_plus", aPlus}, {"A_minus", aMinus}}) {
    if (!(value >= 0) || !std::isfinite(value))
      return emitError() << "#snn.stdp: '" << name << "' must be >= 0, got "
                         << formatF64(value);
  }
  return verifyPlasticBounds(emitError, "stdp", wMin, wMax);
}

LogicalResult TraceStdpSynapseAttr::verify(
    EmitErrorFn emitError, Attribute weight, Attribute delay, StoredF64 tau,
    StoredF64 traceIncrement, StoredF64 etaPlus, StoredF64 etaMinus,
    StoredF64 rateDecay, StoredF64 wMin, StoredF64 wMax) {
  if (failed(verifySynapseValue(emitError, "trace_stdp", "weight", weight)) ||
      failed(verifySynapseValue(emitError, "trace_stdp", "delay", delay)))
    return failure();
  for (auto [name, value] : {std::pair<StringRef, double>{"tau", tau},
                             {"trace_increment", traceIncrement}}) {
    if (!(value > 0) || !std::isfinite(value))
      return emitError() << "#snn.trace_stdp: '" << name
                         << "' must be > 0, got " << formatF64(value);
  }
  for (auto [name, value] : {std::pair<StringRef, double>{"eta_plus", etaPlus},
                             {"eta_minus", etaMinus}}) {
    if (!(value >= 0) || !std::isfinite(value))
      return emitError() << "#snn.trace_stdp: '" << name
                         << "' must be >= 0, got " << formatF64(value);
  }
  // A factor above 1 would make the rates grow without bound; 0 would stop
  // learning after the first step.
  if (!(rateDecay > 0 && rateDecay <= 1))
    return emitError() << "#snn.trace_stdp: 'rate_decay' must be in (0, 1], "
                          "got "
                       << formatF64(rateDecay);
  return verifyPlasticBounds(emitError, "trace_stdp", wMin, wMax);
}
