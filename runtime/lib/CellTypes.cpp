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
  types.push_back({CellKind::IfCurrExp, "IF_curr_exp", false, false,
                   lifParameters(5.0),
                   {{"v", -65.0, "mV"},
                    {"isyn_exc", 0.0, "nA"},
                    {"isyn_inh", 0.0, "nA"}}});

  std::vector<Parameter> cond = lifParameters(5.0);
  cond.push_back({"e_rev_E", 0.0, "mV", kAny});
  cond.push_back({"e_rev_I", -70.0, "mV", kAny});
  types.push_back({CellKind::IfCondExp, "IF_cond_exp", false, true, cond,
                   {{"v", -65.0, "mV"},
                    {"gsyn_exc", 0.0, "uS"},
                    {"gsyn_inh", 0.0, "uS"}}});

  types.push_back({CellKind::IfCurrAlpha, "IF_curr_alpha", false, false,
                   lifParameters(0.5),
                   {{"v", -65.0, "mV"},
                    {"isyn_exc", 0.0, "nA"},
                    {"isyn_inh", 0.0, "nA"}}});

  types.push_back({CellKind::Izhikevich, "Izhikevich", false, false,
                   {{"a", 0.02, "1/ms", kAny},
                    {"b", 0.2, "1/ms", kAny},
                    {"c", -65.0, "mV", kAny},
                    {"d", 2.0, "mV/ms", kAny},
                    {"i_offset", 0.0, "nA", kAny}},
                   {{"v", -70.0, "mV"}, {"u", -14.0, "mV/ms"}}});

  types.push_back({CellKind::SpikeSourcePoisson, "SpikeSourcePoisson", true,
                   false,
                   {{"rate", 1.0, "Hz", kNonNeg},
                    {"start", 0.0, "ms", kNonNeg},
                    {"duration", 1e10, "ms", kNonNeg}},
                   {}});

  types.push_back({CellKind::SpikeSourceArray, "SpikeSourceArray", true, false,
                   {{kSpikeTimes, 0.0, "ms", kNonNeg}},
                   {}});
  return types;
}

template <typename T>
int indexByName(const std::vector<T> &items, std::string_view name) {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const T &item) { return item.name == name; });
  return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}

} // namespace

int CellTypeInfo::parameterIndex(std::string_view name) const {
  return indexByName(parameters, name);
}

int CellTypeInfo::stateIndex(std::string_view name) const {
  return indexByName(state, name);
}

const Parameter *CellTypeInfo::findParameter(std::string_view name) const {
  int index = parameterIndex(name);
  return index < 0 ? nullptr : &parameters[index];
}

const StateVariable *CellTypeInfo::findState(std::string_view name) const {
  int index = stateIndex(name);
  return index < 0 ? nullptr : &state[index];
}

bool CellTypeInfo::isRecordable(std::string_view name) const {
  return name == "spikes" || findState(name) != nullptr;
}

const std::vector<CellTypeInfo> &cellTypes() {
  static const std::vector<CellTypeInfo> catalogue = buildCatalogue();
  return catalogue;
}

const CellTypeInfo &cellType(CellKind kind) {
  return cellTypes()[static_cast<size_t>(kind)];
}

const CellTypeInfo *findCellType(std::string_view name) {
  for (const CellTypeInfo &info : cellTypes())
    if (info.name == name)
      return &info;
  return nullptr;
}

} // namespace glia::models
