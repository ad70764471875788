//===- Compile.cpp - `glia compile NET --machine M -o OUT` ----------------===//
//
// Expands the shorthand ops (snn.cam), then runs the mapping pipeline
// (partition, place, route, keys, tables, compression, routing check) one
// pass at a time so that each is timed, and
// writes OUT/ - a directory, so that the board image (manifest and per-core
// data) can join the mapped IR and the report there later:
//   OUT/mapping.mlir   the network and its spinn.mapping (slices and
//                      tables; the per-slice trees only with --keep-routes,
//                      as they dwarf everything else on large machines)
//   OUT/report.json    the mapping report
//   OUT/image/         the board image: manifest.json, one blob per core,
//                      one routing table per chip (docs/image.md)
// The readable report goes to stdout. Files appear whole or not at all.
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include "glia/Cam/CamReadout.h"
#include "glia/Image/ImageBuilder.h"
#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Dialect/Spinn/SpinnOps.h"
#include "glia/Driver/NetworkLoader.h"
#include "glia/Machine/Machine.h"
#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Placer.h"
#include "glia/Plan/PlanLowering.h"
#include "glia/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <map>

using namespace llvm;
using namespace glia;

namespace {
cl::SubCommand compileCommand(
    "compile",
    "Map a network onto a SpiNNaker-style machine: partition, "
    "place, route, allocate keys, build and compress routing tables");
cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                               cl::desc("<network.json|network.mlir>"),
                               cl::sub(compileCommand),
                               cl::cat(cli::optionCategory()));
cl::opt<std::string>
    machineSpec("machine", cl::init("spinn5"),
                cl::desc("machine: a name in machines/ (spinn3, spinn5, "
                         "spinn-3board, ...) or a description file"),
                cl::sub(compileCommand), cl::cat(cli::optionCategory()));
cl::opt<std::string> outputPath("o", cl::Required,
                                cl::desc("output directory (mapping.mlir, "
                                         "report.json)"),
                                cl::value_desc("OUT"), cl::sub(compileCommand),
                                cl::cat(cli::optionCategory()));
cl::opt<int64_t> atoms("atoms-per-core", cl::init(0),
                       cl::desc("cap on neurons per core (default: 256, less "
                                "when memory or CPU require)"),
                       cl::sub(compileCommand), cl::cat(cli::optionCategory()));
cl::list<std::string> cellAtoms(
    "cell-atoms", cl::CommaSeparated,
    cl::desc("caps per cell type, e.g. Izhikevich=128,IF_cond_exp=200"),
    cl::value_desc("TYPE=N,..."), cl::sub(compileCommand),
    cl::cat(cli::optionCategory()));
cl::opt<bool> keepRoutes("keep-routes",
                         cl::desc("keep the spinn.route trees in "
                                  "OUT/mapping.mlir (large on big machines)"),
                         cl::sub(compileCommand),
                         cl::cat(cli::optionCategory()));
cl::opt<bool> noImage("no-image",
                      cl::desc("write the mapping and report only, no board "
                               "image"),
                      cl::sub(compileCommand), cl::cat(cli::optionCategory()));
cl::opt<bool> noCompress("no-compress",
                         cl::desc("skip routing-table compression (tables "
                                  "must then fit as built)"),
                         cl::sub(compileCommand),
                         cl::cat(cli::optionCategory()));

struct PassTiming {
  std::string name;
  double seconds;
};

/// Runs `pass` alone on `module` (on each op it is anchored on, e.g. every
/// snn.network), timing it.
bool runTimed(mlir::ModuleOp module, std::unique_ptr<mlir::Pass> pass,
              std::vector<PassTiming> &timings) {
  std::string name = pass->getArgument().str();
  mlir::PassManager pm(module.getContext());
  // The whole module (mostly the unchanged network) is verified once after
  // the pipeline, not after every pass.
  pm.enableVerifier(false);
  std::optional<StringRef> anchor = pass->getOpName();
  if (anchor && *anchor != mlir::ModuleOp::getOperationName())
    pm.nest(*anchor).addPass(std::move(pass));
  else
    pm.addPass(std::move(pass));
  auto start = std::chrono::steady_clock::now();
  bool ok = mlir::succeeded(pm.run(module));
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  timings.push_back({name, elapsed.count()});
  return ok;
}

bool runPipeline(mlir::ModuleOp module, std::vector<PassTiming> &timings) {
  mapping::SnnPartitionOptions partition;
  partition.machine = machineSpec;
  partition.atomsPerCore = atoms;
  partition.cellAtoms.assign(cellAtoms.begin(), cellAtoms.end());
  // A CAM becomes populations and projections first: the mapping places
  // and the image carries what `glia run` runs.
  std::vector<std::function<std::unique_ptr<mlir::Pass>()>> passes = {
      [] { return glia::createSnnExpandCam(); },
      [&] { return mapping::createSnnPartition(partition); },
      [] { return mapping::createSnnPlace(); },
      [] { return mapping::createSnnRoute(); },
      [] { return mapping::createSnnAllocateKeys(); },
      [] { return mapping::createSpinnBuildRoutingTables(); }};
  if (!noCompress)
    passes.push_back(
        [] { return mapping::createSpinnCompressRoutingTables(); });
  passes.push_back([] { return mapping::createSpinnCheckRouting(); });
  for (auto &make : passes)
    if (!runTimed(module, make(), timings))
      return false;
  auto start = std::chrono::steady_clock::now();
  bool valid = mlir::succeeded(mlir::verify(module));
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  timings.push_back({"verify", elapsed.count()});
  return valid;
}

/// min / mean / max of a series.
struct Stats {
  int64_t min = 0, max = 0;
  double mean = 0;
  static Stats of(const std::vector<int64_t> &values) {
    Stats s;
    if (values.empty())
      return s;
    s.min = *std::min_element(values.begin(), values.end());
    s.max = *std::max_element(values.begin(), values.end());
    double sum = 0;
    for (int64_t v : values)
      sum += double(v);
    s.mean = sum / double(values.size());
    return s;
  }
  nlohmann::ordered_json toJson() const {
    return {{"min", min}, {"mean", mean}, {"max", max}};
  }
};

/// Hops from the source to the farthest chip of a tree.
int treeDepth(const machine::Machine &machine, ArrayRef<int32_t> nodes) {
  std::map<int, int> depth;
  int deepest = 0;
  for (size_t i = 0; i + 3 < nodes.size(); i += 4) {
    int chip = machine.chipId(nodes[i], nodes[i + 1]);
    int d = 0;
    if (nodes[i + 2] >= 0) {
      // The link a packet arrives on leads back to the parent.
      auto parent = machine.neighbour(chip, nodes[i + 2]);
      d = parent && depth.count(*parent) ? depth[*parent] + 1 : 1;
    }
    depth[chip] = d;
    deepest = std::max(deepest, d);
  }
  return deepest;
}

nlohmann::ordered_json buildReport(spinn::MappingOp mapping,
                                   const machine::Machine &machine,
                                   const std::vector<PassTiming> &timings) {
  std::vector<int64_t> sdram, dtcm, cpu, before, after;
  std::map<std::pair<int, int>, int> coresPerChip;
  for (auto slice : mapping.getBlock().getOps<spinn::SliceOp>()) {
    sdram.push_back(int64_t(slice.getSdram()));
    dtcm.push_back(int64_t(slice.getDtcm()));
    cpu.push_back(int64_t(slice.getCpu()));
    ++coresPerChip[{int(*slice.getX()), int(*slice.getY())}];
  }
  for (auto table : mapping.getBlock().getOps<spinn::TableOp>()) {
    after.push_back(table.getNumEntries());
    before.push_back(table.getUncompressed() ? int64_t(*table.getUncompressed())
                                             : table.getNumEntries());
  }
  int longest = 0;
  std::string longestSource;
  for (auto route : mapping.getBlock().getOps<spinn::RouteOp>()) {
    int depth = treeDepth(machine, route.getNodes());
    if (depth > longest || longestSource.empty()) {
      longest = depth;
      longestSource = route.getSource().str();
    }
  }
  nlohmann::ordered_json timing = nlohmann::ordered_json::array();
  double total = 0;
  for (const PassTiming &t : timings) {
    timing.push_back({{"pass", t.name}, {"seconds", t.seconds}});
    total += t.seconds;
  }
  return {{"network", mapping.getNetwork().str()},
          {"machine",
           {{"name", machine.name},
            {"width", machine.width},
            {"height", machine.height},
            {"chips", machine.numChips()},
            {"usable_cores", machine.totalUsableCores()}}},
          {"chips_used", coresPerChip.size()},
          {"cores_used", sdram.size()},
          {"sdram_per_core_bytes", Stats::of(sdram).toJson()},
          {"dtcm_per_core_bytes", Stats::of(dtcm).toJson()},
          {"cpu_cycles_per_timestep", Stats::of(cpu).toJson()},
          {"routing_tables",
           {{"chips", after.size()},
            {"entries_before_compression", Stats::of(before).toJson()},
            {"entries_after_compression", Stats::of(after).toJson()},
            {"capacity", machine.routerEntries}}},
          {"longest_route", {{"source", longestSource}, {"hops", longest}}},
          {"pass_seconds", timing},
          {"total_seconds", total}};
}

void printReport(const nlohmann::ordered_json &r, raw_ostream &os) {
  auto stat = [&](const nlohmann::ordered_json &s) {
    return formatv("{0} / {1} / {2}",
                   mapping::withThousands(s["min"].get<int64_t>()),
                   mapping::withThousands(
                       int64_t(std::llround(s["mean"].get<double>()))),
                   mapping::withThousands(s["max"].get<int64_t>()))
        .str();
  };
  const auto &m = r["machine"];
  os << "network @" << r["network"].get<std::string>() << " on "
     << m["name"].get<std::string>() << " (" << m["width"].get<int>() << " x "
     << m["height"].get<int>() << ", " << m["chips"].get<int>() << " chips, "
     << mapping::withThousands(m["usable_cores"].get<int64_t>())
     << " usable cores)\n";
  os << "  chips used                    " << r["chips_used"].get<int64_t>()
     << "\n  cores used                    "
     << mapping::withThousands(r["cores_used"].get<int64_t>()) << "\n";
  os << "  per core (min / mean / max)\n";
  os << "    SDRAM bytes                 " << stat(r["sdram_per_core_bytes"])
     << "\n    DTCM bytes                  " << stat(r["dtcm_per_core_bytes"])
     << "\n    CPU cycles per timestep     "
     << stat(r["cpu_cycles_per_timestep"]) << "\n";
  const auto &t = r["routing_tables"];
  os << "  routing tables                " << t["chips"].get<int64_t>()
     << " chips, capacity " << t["capacity"].get<int>() << "\n";
  os << "    entries before compression  "
     << stat(t["entries_before_compression"])
     << "\n    entries after compression   "
     << stat(t["entries_after_compression"]) << "\n";
  os << "  longest route                 "
     << r["longest_route"]["hops"].get<int>() << " hops (@"
     << r["longest_route"]["source"].get<std::string>() << ")\n";
  os << "  wall time per pass\n";
  for (const auto &p : r["pass_seconds"])
    os << "    " << left_justify(p["pass"].get<std::string>(), 30)
       << format("%10.1f ms\n", 1e3 * p["seconds"].get<double>());
  os << "    " << left_justify("total", 30)
     << format("%10.1f ms\n", 1e3 * r["total_seconds"].get<double>());
}

/// Writes `text` to `path` through a temporary file and a rename.
bool writeAtomically(const std::string &path, StringRef text) {
  std::string temporary = path + ".tmp";
  std::error_code ec;
  {
    raw_fd_ostream os(temporary, ec);
    if (!ec) {
      os << text;
      os.close();
      ec = os.error();
    }
  }
  if (!ec)
    ec = sys::fs::rename(temporary, path);
  if (ec) {
    sys::fs::remove(temporary);
    WithColor::error(errs())
        << "cannot write '" << path << "': " << ec.message() << "\n";
    return false;
  }
  return true;
}

bool writeOutputs(mlir::ModuleOp module, const nlohmann::ordered_json &report) {
  if (std::error_code ec = sys::fs::create_directories(outputPath)) {
    WithColor::error(errs())
        << "cannot create '" << outputPath << "': " << ec.message() << "\n";
    return false;
  }
  std::string ir;
  raw_string_ostream os(ir);
  module.print(os);
  SmallString<256> irPath(outputPath), reportPath(outputPath);
  sys::path::append(irPath, "mapping.mlir");
  sys::path::append(reportPath, "report.json");
  return writeAtomically(irPath.str().str(), ir) &&
         writeAtomically(reportPath.str().str(), report.dump(2) + "\n");
}

/// A failure to write the board image: at the population's op when it
/// lies in one (PopulationImageError), so that the error names the line to
/// change; else on its own.
void reportImageError(snn::NetworkOp network, const runtime::Plan &plan,
                      const runtime::RuntimeError &failure) {
  if (auto *inPopulation =
          dynamic_cast<const runtime::PopulationImageError *>(&failure)) {
    StringRef name = plan.populations[inPopulation->population].name;
    for (auto population : network.getBlock().getOps<snn::PopulationOp>())
      if (population.getName() == name) {
        population.emitError("board image: ") << failure.what();
        return;
      }
  }
  WithColor::error(errs()) << "board image: " << failure.what() << "\n";
}

/// Writes OUT/image: the network's plan (the same lowering as `glia run`)
/// laid out on the mapping's cores and tables, with the readouts of its
/// (expanded) CAMs.
bool writeBoardImage(snn::NetworkOp network, spinn::MappingOp mapping,
                     const machine::Machine &machine,
                     const std::vector<cam::Readout> &cams) {
  SmallString<256> directory(outputPath);
  sys::path::append(directory, "image");
  mlir::FailureOr<runtime::Plan> plan = plan::lowerToPlan(network);
  if (mlir::failed(plan))
    return false;
  std::string error;
  auto layout = image::buildLayout(mapping, *plan, machine, error);
  if (!layout) {
    WithColor::error(errs()) << error << "\n";
    return false;
  }
  try {
    runtime::writeImage(*plan, *layout, directory.str().str(), cams);
  } catch (const runtime::RuntimeError &failure) {
    reportImageError(network, *plan, failure);
    return false;
  }
  return true;
}

int runCompile() {
  // Before any work: the outputs go into a directory, and a file of that
  // name would refuse them only after every pass had run.
  if (sys::fs::exists(outputPath) && !sys::fs::is_directory(outputPath)) {
    cli::fail("-o " + outputPath + ": a file, not a directory");
    return cli::kUserError;
  }
  driver::NetworkLoader loader;
  loader.getContext().loadDialect<spinn::SpinnDialect>();
  snn::NetworkOp network = loader.load(inputPath);
  if (!network)
    return cli::kUserError;
  std::string error;
  auto machine = machine::loadMachine(machineSpec, error);
  if (!machine) {
    WithColor::error(errs()) << error << "\n";
    return cli::kUserError;
  }
  mlir::ModuleOp module = loader.getModule();
  // The protocols are read before snn-expand-cam replaces the CAM ops.
  std::vector<cam::Readout> cams = cam::collectReadouts(network);
  std::vector<PassTiming> timings;
  if (!runPipeline(module, timings))
    return cli::kUserError;
  auto mappings = mapping::getMappings(module);
  if (mappings.size() != 1) {
    WithColor::error(errs())
        << "expected one mapping, found " << mappings.size() << "\n";
    return cli::kUserError;
  }
  nlohmann::ordered_json report =
      buildReport(mappings.front(), *machine, timings);
  printReport(report, outs());
  // The image needs to know which slices have a route: before they go.
  if (noImage) { // an image from an earlier compile would not match
    SmallString<256> stale(outputPath);
    sys::path::append(stale, "image");
    sys::fs::remove_directories(stale);
  } else {
    bool existed = sys::fs::exists(outputPath);
    if (!writeBoardImage(network, mappings.front(), *machine, cams)) {
      if (!existed) // nothing half-written: not even the empty directory
        sys::fs::remove(outputPath);
      return cli::kUserError;
    }
  }
  if (!keepRoutes)
    for (auto route : llvm::make_early_inc_range(
             mappings.front().getBlock().getOps<spinn::RouteOp>()))
      route.erase();
  return writeOutputs(module, report) ? cli::kSuccess : cli::kUserError;
}

cli::RegisterCommand registerCompile(compileCommand, runCompile);
} // namespace
