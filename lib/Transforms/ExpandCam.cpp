//===- ExpandCam.cpp - snn.cam to populations and projections -------------===//
//
// The CA3 content-addressable memory of Casanueva-Morato et al. (2024), as
// listed in ../shared/design/MODELS.md §2: every group, weight, delay and
// receptor below is the published one.
//
//===----------------------------------------------------------------------===//

#include "glia/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <map>

namespace glia {
#define GEN_PASS_DEF_SNNEXPANDCAM
#include "glia/Transforms/Passes.h.inc"
} // namespace glia

using namespace mlir;
using namespace glia;
using namespace glia::snn;

namespace {

/// The published neuron groups: all IF_curr_exp, v_rest = v_reset = -60 mV,
/// initial v = -60 mV.
enum class Group { Regular, Fast, Output };

std::vector<std::pair<StringRef, double>> defaultParams(Group group) {
  bool fast = group == Group::Fast;
  return {{"cm", fast ? 0.14 : 0.27},
          {"tau_m", fast ? 0.5 : 3.0},
          {"tau_refrac", 1.0},
          {"tau_syn_E", 0.3},
          {"tau_syn_I", 0.3},
          {"v_rest", -60.0},
          {"v_reset", -60.0},
          {"v_thresh", group == Group::Output ? -57.5 : -57.0},
          {"i_offset", 0.0}};
}

constexpr double kWeight = 6.0; // nA, the base weight of every fixed synapse
constexpr double kInitialV = -60.0;

bool recordsSpikes(Value value);

/// Builds the expansion of one snn.cam in front of it.
class CamExpander {
public:
  CamExpander(CamOp cam)
      : cam(cam), builder(cam), ctx(cam.getContext()), loc(cam.getLoc()),
        memories(cam.getMemories()), bits(cam.getBits()) {}

  void expand();

private:
  Value population(StringRef group, int64_t size, Group kind);
  Value inputPopulation();
  Value view(Value source, int64_t start, int64_t size);
  void connect(StringRef name, Value pre, Value post, Attribute connector,
               double weight, double delay, Receptor receptor);
  void learn(StringRef name, Value pre, Value post);
  SpikeTrainsAttr protocolSpikeTrains();
  std::string qualified(StringRef name) {
    return (cam.getName() + "." + name).str();
  }
  Attribute f64(double value) { return builder.getF64FloatAttr(value); }

  CamOp cam;
  OpBuilder builder;
  MLIRContext *ctx;
  Location loc;
  int64_t memories, bits;
};

Value CamExpander::population(StringRef group, int64_t size, Group kind) {
  DictionaryAttr overrides = kind == Group::Regular ? cam.getRegularParamsAttr()
                             : kind == Group::Fast  ? cam.getFastParamsAttr()
                                                    : cam.getOutputParamsAttr();
  NamedAttrList params;
  for (auto [name, value] : defaultParams(kind))
    params.set(name, f64(value));
  if (overrides)
    for (NamedAttribute entry : overrides)
      params.set(entry.getName(), entry.getValue());
  auto initial = builder.getDictionaryAttr(
      {builder.getNamedAttr("v", f64(kInitialV))});
  return PopulationOp::create(builder, loc, PopulationType::get(ctx, size),
                              builder.getStringAttr(qualified(group)),
                              CellTypeAttr::get(ctx, CellType::IF_curr_exp),
                              params.getDictionary(ctx), initial)
      .getResult();
}

/// The spike trains of the input layer (cues first, then content bits):
/// a learn drives its cue and content neurons on three consecutive steps, a
/// recall one spike on the given neurons.
SpikeTrainsAttr CamExpander::protocolSpikeTrains() {
  double timestep =
      cam->getParentOfType<NetworkOp>().getTimestep().convertToDouble();
  std::vector<std::vector<double>> trains(memories + bits);
  auto spike = [&](int64_t neuron, double time, int repeats) {
    for (int k = 0; k < repeats; ++k)
      trains[neuron].push_back(time + k * timestep);
  };
  for (Attribute operation : cam.getProtocolAttr()) {
    if (auto learn = llvm::dyn_cast<CamLearnAttr>(operation)) {
      spike(learn.getCue(), learn.getTime(), 3);
      for (int64_t bit : learn.getBits().asArrayRef())
        spike(memories + bit, learn.getTime(), 3);
    } else if (auto recall = llvm::dyn_cast<CamRecallCueAttr>(operation)) {
      spike(recall.getCue(), recall.getTime(), 1);
    } else if (auto recall = llvm::dyn_cast<CamRecallContentAttr>(operation)) {
      for (int64_t bit : recall.getBits().asArrayRef())
        spike(memories + bit, recall.getTime(), 1);
    }
  }
  std::vector<int64_t> offsets{0};
  std::vector<double> times;
  for (const std::vector<double> &train : trains) {
    times.insert(times.end(), train.begin(), train.end());
    offsets.push_back(static_cast<int64_t>(times.size()));
  }
  auto offsetType = RankedTensorType::get({int64_t(offsets.size())},
                                          builder.getI64Type());
  auto timeType =
      RankedTensorType::get({int64_t(times.size())}, builder.getF64Type());
  return SpikeTrainsAttr::get(
      ctx, DenseElementsAttr::get(offsetType, llvm::ArrayRef(offsets)),
      DenseElementsAttr::get(timeType, llvm::ArrayRef(times)));
}

Value CamExpander::inputPopulation() {
  if (cam.getInput())
    return cam.getInput();
  auto params = builder.getDictionaryAttr(
      {builder.getNamedAttr("spike_times", protocolSpikeTrains())});
  return PopulationOp::create(
             builder, loc, PopulationType::get(ctx, memories + bits),
             builder.getStringAttr(qualified("input")),
             CellTypeAttr::get(ctx, CellType::SpikeSourceArray), params,
             DictionaryAttr())
      .getResult();
}

Value CamExpander::view(Value source, int64_t start, int64_t size) {
  return ViewOp::create(builder, loc, PopulationType::get(ctx, size), source,
                        builder.getI64IntegerAttr(start))
      .getResult();
}

void CamExpander::connect(StringRef name, Value pre, Value post,
                          Attribute connector, double weight, double delay,
                          Receptor receptor) {
  // Inhibitory currents carry a negative weight (PyNN's sign rule).
  double signedWeight = receptor == Receptor::inhibitory ? -weight : weight;
  ProjectionOp::create(builder, loc, builder.getStringAttr(qualified(name)),
                       pre, post,
                       llvm::cast<ConnectorAttrInterface>(connector),
                       llvm::cast<SynapseAttrInterface>(StaticSynapseAttr::get(
                           ctx, f64(signedWeight), f64(delay))),
                       ReceptorAttr::get(ctx, receptor), IntegerAttr());
}

/// The learning synapses start at 0; additive, with A± = 1 (PyNN scales A±
/// by w_max, so 6 nA per unit of trace) one pairing drives them to 0 or
/// w_max = 6 nA. The published scripts pass A± = 6, but only A±·w_max =
/// 6 nA reproduces the published recalls; 36 nA lets every learn wipe
/// the other memories (docs/cam.md, "Reproduction").
void CamExpander::learn(StringRef name, Value pre, Value post) {
  StdpSynapseAttr stdp = cam.getLearningAttr();
  if (!stdp)
    stdp = StdpSynapseAttr::get(ctx, f64(0.0), f64(1.0), 3.0, 3.0, 1.0, 1.0,
                                WeightDependence::additive, 0.0, kWeight);
  ProjectionOp::create(builder, loc, builder.getStringAttr(qualified(name)),
                       pre, post,
                       llvm::cast<ConnectorAttrInterface>(
                           AllToAllAttr::get(ctx, true, false)),
                       llvm::cast<SynapseAttrInterface>(stdp),
                       ReceptorAttr::get(ctx, Receptor::excitatory),
                       IntegerAttr());
}

void CamExpander::expand() {
  const Receptor exc = Receptor::excitatory, inh = Receptor::inhibitory;
  Attribute oneToOne = OneToOneAttr::get(ctx);
  Attribute allToAll = AllToAllAttr::get(ctx, true, false);
  Attribute allButDiagonal = AllToAllAttr::get(ctx, true, true);

  Value input = inputPopulation();
  Value cueCue = population("cueCue", memories, Group::Regular);
  Value cueCont = population("cueCont", memories, Group::Fast);
  Value mergeCue = population("mergeCue", memories, Group::Regular);
  Value contCue = population("contCue", bits, Group::Regular);
  Value contCont = population("contCont", bits, Group::Regular);
  Value contCond = population("contCond", bits, Group::Fast);
  Value mergeCont = population("mergeCont", bits, Group::Regular);
  Value contCondInt = population("contCondInt", 1, Group::Fast);
  Value output = population("output", memories + bits, Group::Output);

  double n = double(bits);
  connect("input_cueCue", view(input, 0, memories), cueCue, oneToOne, kWeight,
          1, exc);
  connect("input_contCue", view(input, memories, bits), contCue, oneToOne,
          kWeight, 1, exc);
  connect("cueCue_cueCont", cueCue, cueCont, oneToOne, kWeight, 2, exc);
  connect("cueCue_cueCont_inh", cueCue, cueCont, allButDiagonal, kWeight * n,
          3, inh);
  connect("cueCue_contCond", cueCue, contCond, allToAll, kWeight, 2, inh);
  connect("contCue_contCond", contCue, contCond, oneToOne, 9.0, 1, exc);
  connect("contCue_contCondInt", contCue, contCondInt, allToAll, kWeight, 1,
          exc);
  connect("contCondInt_contCond", contCondInt, contCond, allToAll, 2.0, 1,
          exc);
  connect("contCond_contCont", contCond, contCont, oneToOne, kWeight, 1, exc);
  learn("cueCue_contCue", cueCue, contCue);
  learn("contCont_cueCont", contCont, cueCont);
  connect("cueCont_cueCont_inh", cueCont, cueCont, allButDiagonal,
          kWeight * n, 2, inh);
  connect("cueCue_mergeCue", cueCue, mergeCue, oneToOne, kWeight, 3, exc);
  connect("cueCont_mergeCue", cueCont, mergeCue, oneToOne, kWeight, 1, exc);
  connect("contCue_mergeCont", contCue, mergeCont, oneToOne, kWeight, 3, exc);
  connect("contCont_mergeCont", contCont, mergeCont, oneToOne, kWeight, 1,
          exc);
  connect("mergeCue_output", mergeCue, view(output, 0, memories), oneToOne,
          kWeight, 1, exc);
  connect("mergeCont_output", mergeCont, view(output, memories, bits),
          oneToOne, kWeight, 1, exc);

  // The output layer is the CAM's readout: record its spikes, unless the
  // network already does.
  if (!recordsSpikes(cam.getOutput()))
    RecordOp::create(builder, loc, output, builder.getStrArrayAttr({"spikes"}),
                     FloatAttr());
  cam.getOutput().replaceAllUsesWith(output);
  cam.erase();
}

/// Whether a snn.record already records the spikes of all of `value`.
bool recordsSpikes(Value value) {
  for (Operation *user : value.getUsers())
    if (auto record = llvm::dyn_cast<RecordOp>(user))
      for (Attribute variable : record.getVariables())
        if (llvm::cast<StringAttr>(variable).getValue() == "spikes")
          return true;
  return false;
}

struct SnnExpandCamPass : glia::impl::SnnExpandCamBase<SnnExpandCamPass> {
  void runOnOperation() override {
    SmallVector<CamOp> cams(getOperation().getBlock().getOps<CamOp>());
    for (CamOp cam : cams)
      CamExpander(cam).expand();
  }
};

} // namespace
