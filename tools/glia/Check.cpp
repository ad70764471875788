//===- Check.cpp - `glia check NET`: import, verify, lower, summarise -----===//

#include "Command.h"

#include "glia/Dialect/Snn/SnnValues.h"
#include "glia/Driver/NetworkLoader.h"
#include "glia/Plan/PlanLowering.h"
#include "glia/Runtime/Format.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;
using namespace glia;

namespace {
cl::SubCommand checkCommand(
    "check", "Import, verify and lower a network (what run and compile would "
             "refuse, it refuses); print its populations, neurons and "
             "expected synapses per projection");
cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                               cl::desc("<network.json|network.mlir>"),
                               cl::sub(checkCommand),
                               cl::cat(cli::optionCategory()));

std::string describeEndpoint(mlir::Value value) {
  auto slice = snn::resolvePopulationSlice(value);
  std::string name = slice->getName().str();
  if (slice->start != 0 ||
      slice->stop() != llvm::cast<snn::PopulationType>(
                           slice->getRoot()->getResult(0).getType())
                           .getSize())
    name += "[" + std::to_string(slice->start) + ":" +
            std::to_string(slice->stop()) + "]";
  return name;
}

/// The populations and neurons of `network`: "populations: 2, neurons:
/// 4,000".
std::string countNeurons(snn::NetworkOp network) {
  int64_t populations = 0, neurons = 0;
  for (auto population : network.getBlock().getOps<snn::PopulationOp>()) {
    ++populations;
    neurons += population.getSize();
  }
  return "populations: " + std::to_string(populations) +
         ", neurons: " + withThousands(neurons);
}

/// The projections and expected synapses of `network`.
std::string countSynapses(snn::NetworkOp network) {
  int64_t projections = 0;
  double synapses = 0;
  for (auto projection : network.getBlock().getOps<snn::ProjectionOp>()) {
    ++projections;
    synapses += projection.getExpectedSynapses();
  }
  return "projections: " + std::to_string(projections) +
         ", expected synapses: " + withThousands(std::llround(synapses));
}

void printSummary(snn::NetworkOp network, raw_ostream &os) {
  os << "network @" << network.getSymName() << ": timestep "
     << snn::formatF64(network.getTimestep().convertToDouble()) << " ms, seed "
     << network.getSeed() << "\n";
  os << countNeurons(network) << "\n";
  for (auto population : network.getBlock().getOps<snn::PopulationOp>())
    os << "  " << left_justify(population.getName(), 16) << " "
       << left_justify(snn::stringifyCellType(population.getCellType()), 20)
       << " " << right_justify(withThousands(population.getSize()), 12) << "\n";

  for (auto cam : network.getBlock().getOps<snn::CamOp>())
    os << "  " << left_justify(cam.getName(), 16) << " "
       << left_justify("CA3 memory", 20) << " "
       << right_justify(withThousands(cam.getOutput().getType().getSize()), 12)
       << "  (" << cam.getMemories() << " memories x " << cam.getBits()
       << " bits, output layer; expands with snn-expand-cam)\n";

  for (auto astrocytes : network.getBlock().getOps<snn::AstrocytesOp>())
    os << "  " << left_justify(astrocytes.getName(), 16) << " "
       << left_justify(snn::stringifyAstroModel(astrocytes.getModel()), 20)
       << " " << right_justify(withThousands(astrocytes.getSize()), 12)
       << "  (astrocytes)\n";

  os << countSynapses(network) << "\n";
  for (auto projection : network.getBlock().getOps<snn::ProjectionOp>()) {
    std::string route = describeEndpoint(projection.getPre()) + " -> " +
                        describeEndpoint(projection.getPost());
    os << "  " << left_justify(projection.getSymName(), 16) << " "
       << left_justify(route, 28) << " "
       << left_justify(projection.getConnector().getPyNNName(), 26) << " "
       << left_justify(projection.getSynapse().isPlastic() ? "stdp" : "static",
                       7)
       << left_justify(snn::stringifyReceptor(projection.getReceptor()), 11)
       << right_justify(
              withThousands(std::llround(projection.getExpectedSynapses())), 14)
       << "\n";
  }
}

int runCheck() {
  driver::NetworkLoader loader;
  snn::NetworkOp network = loader.load(inputPath);
  if (!network)
    return cli::kUserError;
  // What `glia run` would refuse is refused here too: the plan lowering
  // checks what needs the timestep (delays and spike times in whole
  // steps), after CAMs are expanded as `run` and `compile` expand them.
  mlir::OwningOpRef<mlir::ModuleOp> expanded = loader.getModule().clone();
  if (failed(cli::expandShorthands(*expanded)))
    return cli::kUserError;
  snn::NetworkOp whole = driver::getSingleNetwork(*expanded);
  if (failed(plan::lowerToPlan(whole, {})))
    return cli::kUserError;
  printSummary(network, outs());
  // A CAM stands for populations and projections: count what `run` and
  // `compile` will build from it (its synapses grow with memories x bits).
  if (!network.getBlock().getOps<snn::CamOp>().empty())
    outs() << "expanded (snn-expand-cam): " << countNeurons(whole) << "; "
           << countSynapses(whole) << "\n";
  return cli::kSuccess;
}

cli::RegisterCommand registerCheck(checkCommand, runCheck);
} // namespace
