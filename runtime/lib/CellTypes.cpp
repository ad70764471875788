//===- CellTypes.cpp - the catalogue of PyNN cell types -------------------===//
//
// Parameter names, units and defaults follow PyNN's standard cell types
// (see ../shared/design/MODELS.md §1).
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/CellTypes.h"

#include <algorithm>

namespace glia::models {
namespace {

constexpr Constraint kAny = Constraint::Any;
constexpr Constraint kPos = Constraint::Positive;
constexpr Constraint kNonNeg = Constraint::NonNegative;

std::vector<Parameter> lifParameters(double tauSyn) {
  return {
      {"cm", 1.0, "nF", kPos},          {"tau_m", 20.0, "ms", kPos},
      {"tau_refrac", 0.1, "ms", kNonNeg}, {"tau_syn_E", tauSyn, "ms", kPos},
      {"tau_syn_I", tauSyn, "ms", kPos},  {"i_offset", 0.0, "nA", kAny},
      {"v_rest", -65.0, "mV", kAny},     {"v_reset", -65.0, "mV", kAny},
      {"v_thresh", -50.0, "mV", kAny},
  };
}

std::vector<CellTypeInfo> buildCatalogue() {
  std::vector<CellTypeInfo> types;
  types.push_back({{"IF_curr_exp",
                    lifParameters(5.0),
                    {{"v", -65.0, "mV"},
                     {"isyn_exc", 0.0, "nA"},
                     {"isyn_inh", 0.0, "nA"}}},
                   CellKind::IfCurrExp,
                   false,
                   false});

  std::vector<Parameter> cond = lifParameters(5.0);
  cond.push_back({"e_rev_E", 0.0, "mV", kAny});
  cond.push_back({"e_rev_I", -70.0, "mV", kAny});
  types.push_back({{"IF_cond_exp",
                    cond,
                    {{"v", -65.0, "mV"},
                     {"gsyn_exc", 0.0, "uS"},
                     {"gsyn_inh", 0.0, "uS"}}},
                   CellKind::IfCondExp,
                   false,
                   true});

  types.push_back({{"IF_curr_alpha",
                    lifParameters(0.5),
                    {{"v", -65.0, "mV"},
                     {"isyn_exc", 0.0, "nA"},
                     {"isyn_inh", 0.0, "nA"}}},
                   CellKind::IfCurrAlpha,
                   false,
                   false});

  types.push_back({{"Izhikevich",
                    {{"a", 0.02, "1/ms", kAny},
                     {"b", 0.2, "1/ms", kAny},
                     {"c", -65.0, "mV", kAny},
                     {"d", 2.0, "mV/ms", kAny},
                     {"i_offset", 0.0, "nA", kAny}},
                    {{"v", -70.0, "mV"}, {"u", -14.0, "mV/ms"}}},
                   CellKind::Izhikevich,
                   false,
                   false});

  types.push_back({{"SpikeSourcePoisson",
                    {{"rate", 1.0, "Hz", kNonNeg},
                     {"start", 0.0, "ms", kNonNeg},
                     {"duration", 1e10, "ms", kNonNeg}},
                    {}},
                   CellKind::SpikeSourcePoisson,
                   true,
                   false});

  types.push_back({{"SpikeSourceArray", {{kSpikeTimes, 0.0, "ms", kNonNeg}}, {}},
                   CellKind::SpikeSourceArray,
                   true,
                   false});
  return types;
}

std::vector<AstrocyteModelInfo> buildAstrocyteCatalogue() {
  std::vector<AstrocyteModelInfo> models;
  // A <- A + [w * (sum of weighted input spikes) + bias - A] / tau, the
  // weights living on snn.astro_listen; `rate_decay` multiplies A, bias and
  // the listen weights every ms (NALSM decays them by 0.99 during a sample).
  models.push_back({{"leaky_integrator",
                     {{"tau", 100.0, "ms", kPos},
                      {"bias", 0.15, "1", kAny},
                      {"rate_decay", 1.0, "1/ms", kNonNeg}},
                     {{"A", 0.15, "1"}}},
                    AstroKind::LeakyIntegrator,
                    "A"});
  // NEST's astrocyte_lr_1994 defaults; concentrations in uM, rates in 1/ms.
  models.push_back({{"li_rinzel",
                     {{"Ca_tot", 2.0, "uM", kPos},
                      {"IP3_0", 0.16, "uM", kNonNeg},
                      {"Kd1", 0.13, "uM", kPos},
                      {"Kd2", 0.9434, "uM", kPos},
                      {"Kd_act", 0.08234, "uM", kPos},
                      {"Kd_inh", 1.049, "uM", kPos},
                      {"Km", 0.1, "uM", kPos},
                      {"SIC_th", 0.19669, "uM", kNonNeg},
                      {"delta_IP3", 5.0, "uM", kNonNeg},
                      {"k", 0.0002, "1/(uM ms)", kNonNeg},
                      {"r_IP3R", 0.006, "1/ms", kNonNeg},
                      {"r_L", 0.00011, "1/ms", kNonNeg},
                      {"r_SERCA", 0.0009, "uM/ms", kNonNeg},
                      {"r_ER", 0.185, "1", kPos},
                      {"tau_IP3", 7142.0, "ms", kPos}},
                     {{"IP3", 0.16, "uM"},
                      {"Ca", 0.073, "uM"},
                      {"h", 0.793, "1"},
                      {"SIC", 0.0, "pA"}}},
                    AstroKind::LiRinzel,
                    "SIC"});
  return models;
}

template <typename T>
int indexByName(const std::vector<T> &items, std::string_view name) {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const T &item) { return item.name == name; });
  return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}

} // namespace

int ModelInfo::parameterIndex(std::string_view name) const {
  return indexByName(parameters, name);
}

int ModelInfo::stateIndex(std::string_view name) const {
  return indexByName(state, name);
}

const Parameter *ModelInfo::findParameter(std::string_view name) const {
  int index = parameterIndex(name);
  return index < 0 ? nullptr : &parameters[index];
}

const StateVariable *ModelInfo::findState(std::string_view name) const {
  int index = stateIndex(name);
  return index < 0 ? nullptr : &state[index];
}

bool CellTypeInfo::isRecordable(std::string_view name) const {
  return name == "spikes" || findState(name) != nullptr;
}

bool CellTypeInfo::takesInjectedCurrent() const {
  return kind == CellKind::IfCurrExp || kind == CellKind::IfCondExp ||
         kind == CellKind::IfCurrAlpha;
}

const std::vector<CellTypeInfo> &cellTypes() {
  static const std::vector<CellTypeInfo> catalogue = buildCatalogue();
  return catalogue;
}

const CellTypeInfo &cellType(CellKind kind) {
  return cellTypes()[static_cast<size_t>(kind)];
}

const std::vector<AstrocyteModelInfo> &astrocyteModels() {
  static const std::vector<AstrocyteModelInfo> catalogue =
      buildAstrocyteCatalogue();
  return catalogue;
}

const AstrocyteModelInfo &astrocyteModel(AstroKind kind) {
  return astrocyteModels()[static_cast<size_t>(kind)];
}

const CellTypeInfo *findCellType(std::string_view name) {
  for (const CellTypeInfo &info : cellTypes())
    if (info.name == name)
      return &info;
  return nullptr;
}

} // namespace glia::models
