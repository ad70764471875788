//===- Astrocytes.cpp - validation of a plan's astrocyte sections ---------===//

#include "glia/Runtime/Astrocytes.h"
#include "glia/Runtime/Plan.h"

#include <cmath>

namespace glia::runtime {
namespace {

std::string checkSliceOf(const Plan &plan, const Slice &slice,
                         const std::string &what) {
  if (slice.population >= plan.populations.size())
    return what + " refers to population " + std::to_string(slice.population) +
           " of " + std::to_string(plan.populations.size());
  uint64_t stop = uint64_t(slice.start) + slice.size;
  if (slice.size == 0 || stop > plan.populations[slice.population].size)
    return what + " is not a non-empty range of a population";
  return {};
}

/// The coupled slice must give every astrocyte a domain of at least one.
std::string checkDomains(const Plan &plan, uint32_t astrocytes,
                         const Slice &slice, const std::string &what) {
  if (astrocytes >= plan.astrocytes.size())
    return what + " refers to astrocytes " + std::to_string(astrocytes) +
           " of " + std::to_string(plan.astrocytes.size());
  if (std::string error = checkSliceOf(plan, slice, what); !error.empty())
    return error;
  if (slice.size < plan.astrocytes[astrocytes].size)
    return what + " has fewer neurons than astrocytes";
  return {};
}

std::string checkProjectionIndex(const Plan &plan, uint32_t projection,
                                 const std::string &what) {
  if (projection >= plan.projections.size())
    return what + " refers to projection " + std::to_string(projection) +
           " of " + std::to_string(plan.projections.size());
  return {};
}

std::string checkListen(const Plan &plan, const AstroListenPlan &listen) {
  if (!std::isfinite(listen.weight))
    return "an astrocyte listen weight is not finite";
  if (listen.projection) {
    if (std::string error =
            checkProjectionIndex(plan, *listen.projection, "astro_listen");
        !error.empty())
      return error;
    const Slice &pre = plan.projections[*listen.projection].pre;
    if (pre.population != listen.source.population ||
        pre.start != listen.source.start || pre.size != listen.source.size)
      return "astro_listen on a projection must listen to its pre slice";
  }
  return checkDomains(plan, listen.astrocytes, listen.source, "astro_listen");
}

std::string checkModulate(const Plan &plan, const AstroModulatePlan &mod) {
  if (!std::isfinite(mod.gain))
    return "an astrocyte modulation gain is not finite";
  if (unsigned(mod.modulation) > unsigned(Modulation::WeightScale))
    return "an astrocyte modulation has an unknown kind";
  if (std::string error =
          checkProjectionIndex(plan, mod.projection, "astro_modulate");
      !error.empty())
    return error;
  const ProjectionPlan &projection = plan.projections[mod.projection];
  if (mod.modulation != Modulation::WeightScale && !projection.stdp)
    return "astro_modulate of the plasticity of static projection '" +
           projection.name + "'";
  return checkDomains(plan, mod.astrocytes, projection.post, "astro_modulate");
}

std::string checkInject(const Plan &plan, const AstroInjectPlan &inject) {
  if (!std::isfinite(inject.gain))
    return "an astrocyte injection gain is not finite";
  if (std::string error =
          checkDomains(plan, inject.astrocytes, inject.target, "astro_inject");
      !error.empty())
    return error;
  if (!models::cellType(plan.populations[inject.target.population].kind)
           .takesInjectedCurrent())
    return "astro_inject into population '" +
           plan.populations[inject.target.population].name +
           "': only the LIF cell types take an injected current";
  return {};
}

std::string checkRecording(const Plan &plan, const AstroRecordingPlan &rec) {
  if (rec.astrocytes >= plan.astrocytes.size())
    return "an astrocyte recording refers to astrocytes " +
           std::to_string(rec.astrocytes);
  const AstrocytePlan &astro = plan.astrocytes[rec.astrocytes];
  const models::AstrocyteModelInfo &info = models::astrocyteModel(astro.kind);
  for (const std::string &variable : rec.variables)
    if (!info.findState(variable))
      return "cannot record '" + variable + "' of astrocytes '" + astro.name +
             "'";
  if (rec.samplingInterval == 0)
    return "a recording of astrocytes '" + astro.name +
           "' has a sampling interval of 0 steps";
  return {};
}

} // namespace

std::string checkAstrocyte(const AstrocytePlan &astro, double timestep) {
  if (unsigned(astro.kind) >= models::astrocyteModels().size())
    return "astrocytes '" + astro.name + "' have an unknown model";
  const models::AstrocyteModelInfo &info = models::astrocyteModel(astro.kind);
  if (astro.size == 0)
    return "astrocytes '" + astro.name + "' have size 0";
  if (astro.parameters.size() != info.parameters.size() ||
      astro.initial.size() != info.state.size())
    return "astrocytes '" + astro.name +
           "' have the wrong number of parameters or initial values";
  for (size_t i = 0; i < astro.parameters.size(); ++i) {
    double value = astro.parameters[i];
    std::string what = "astrocytes '" + astro.name + "': parameter '" +
                       std::string(info.parameters[i].name) + "'";
    if (!std::isfinite(value))
      return what + " is not finite";
    // The catalogue's constraints, as the dialect's verifier checks them.
    models::Constraint constraint = info.parameters[i].constraint;
    if (!models::meetsConstraint(constraint, value))
      return what + " must be " + models::describeConstraint(constraint);
  }
  for (double value : astro.initial)
    if (!std::isfinite(value))
      return "astrocytes '" + astro.name + "' have a non-finite initial value";
  // The leaky integrator is NALSM's explicit Euler step: stable for dt <= tau.
  if (astro.kind == models::AstroKind::LeakyIntegrator &&
      !(timestep <= astro.parameters[info.parameterIndex("tau")]))
    return "astrocytes '" + astro.name +
           "': tau must be at least the timestep (the integrator is explicit)";
  return {};
}

std::string checkAstrocytes(const Plan &plan) {
  for (const AstrocytePlan &astro : plan.astrocytes)
    if (std::string error = checkAstrocyte(astro, plan.timestep);
        !error.empty())
      return error;
  for (const AstroListenPlan &listen : plan.astroListens)
    if (std::string error = checkListen(plan, listen); !error.empty())
      return error;
  for (size_t m = 0; m < plan.astroModulations.size(); ++m) {
    const AstroModulatePlan &mod = plan.astroModulations[m];
    if (std::string error = checkModulate(plan, mod); !error.empty())
      return error;
    // One astrocyte population sets each rate or factor of a projection.
    for (size_t other = 0; other < m; ++other)
      if (plan.astroModulations[other].projection == mod.projection &&
          plan.astroModulations[other].modulation == mod.modulation)
        return "projection '" + plan.projections[mod.projection].name +
               "' has the same astrocyte modulation twice";
  }
  for (const AstroInjectPlan &inject : plan.astroInjections)
    if (std::string error = checkInject(plan, inject); !error.empty())
      return error;
  for (const AstroRecordingPlan &rec : plan.astroRecordings)
    if (std::string error = checkRecording(plan, rec); !error.empty())
      return error;
  return {};
}

} // namespace glia::runtime
