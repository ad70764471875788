//===- EmulatorTest.cpp - board image and emulator ------------------------===//
//
// The oracle at unit scale: a plan, laid out by hand on cores and chips
// (one chip; a row of chips crossed by default routing), written as an
// image, loaded and emulated, gives exactly the spikes and recorded state
// of the fixed-point simulator. Also: misrouting is visible, and broken
// images are refused with a message.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/Emulator.h"
#include "ImageBlob.h"
#include "TestNetworks.h"
#include "glia/Runtime/CellTypes.h"
#include "glia/Runtime/Image.h"
#include "glia/Runtime/PlanFile.h"
#include "glia/Runtime/Simulator.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <limits>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace glia::runtime;
namespace fs = std::filesystem;

namespace {

/// A fresh directory per test.
std::string scratch(const std::string &name) {
  fs::path dir = fs::temp_directory_path() /
                 ("glia-emulator-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir.string();
}

/// A row of `chips` chips along x with links E/W between neighbours.
ImageMachine rowMachine(uint32_t chips) {
  ImageMachine machine;
  machine.name = "row";
  machine.width = chips;
  machine.height = 1;
  machine.dtcmBytes = 64 * 1024;
  machine.sdramBytesPerChip = 64u << 20;
  machine.routerEntries = 1023;
  for (uint32_t x = 0; x < chips; ++x)
    machine.chips.push_back(
        {x, 0, (x + 1 < chips ? 1u : 0u) | (x > 0 ? 1u << 3 : 0u)});
  return machine;
}

/// Slices of at most `atoms` neurons, core p = 1, 2, ... on `chipOf(slice)`,
/// key = slice index << 8.
ImageLayout sliceUp(const Plan &plan, uint32_t atoms, ImageMachine machine,
                    uint32_t (*chipOf)(uint32_t)) {
  ImageLayout layout;
  layout.machine = std::move(machine);
  std::vector<uint32_t> nextCore(layout.machine.width, 1);
  for (uint32_t p = 0; p < plan.populations.size(); ++p)
    for (uint32_t lo = 0; lo < plan.populations[p].size; lo += atoms) {
      ImageCore core;
      core.x = chipOf(uint32_t(layout.cores.size()));
      core.p = nextCore[core.x]++;
      core.population = p;
      core.lo = lo;
      core.hi = std::min(lo + atoms, plan.populations[p].size);
      core.key = uint32_t(layout.cores.size()) << 8;
      core.mask = 0xffffff00u;
      core.sends = true;
      layout.cores.push_back(core);
    }
  return layout;
}

uint32_t coreBits(const ImageLayout &layout, uint32_t x) {
  uint32_t bits = 0;
  for (const ImageCore &core : layout.cores)
    if (core.x == x)
      bits |= 1u << (6 + core.p);
  return bits;
}

/// Tables that deliver every packet to every core (the master population
/// tables then pick what each core needs). Cores sit on the first and last
/// chip of the row; chips in between have no table: default routing.
void broadcastTables(ImageLayout &layout) {
  uint32_t last = layout.machine.width - 1;
  ImageTable first{0, 0, 0, {}}, end{last, 0, 0, {}};
  for (const ImageCore &core : layout.cores) {
    RouteEntry entry{core.key, core.mask, 0, 0};
    if (core.x == 0) {
      entry.route = coreBits(layout, 0) | (last > 0 ? 1u : 0u); // + east
      first.entries.push_back(entry);
      if (last > 0) // arrives from the west at the far end
        end.entries.push_back(
            {core.key, core.mask, 1u << 3, coreBits(layout, last)});
    } else { // on the far chip: local cores, and west back to chip 0
      end.entries.push_back(
          {core.key, core.mask, 0, coreBits(layout, last) | 1u << 3});
      first.entries.push_back(
          {core.key, core.mask, 1u << 0, coreBits(layout, 0)});
    }
  }
  layout.tables.push_back(first);
  if (last > 0)
    layout.tables.push_back(end);
}

/// Slices of 64 neurons on one chip, with broadcast tables.
ImageLayout oneChipLayout(const Plan &plan,
                          ImageMachine machine = rowMachine(1)) {
  ImageLayout layout =
      sliceUp(plan, 64, std::move(machine), [](uint32_t) { return 0u; });
  broadcastTables(layout);
  return layout;
}

/// Slices of 32 neurons alternating between the end chips of a row of four;
/// chips 1 and 2 have no table, so packets cross them by default routing.
ImageLayout endChipsLayout(const Plan &plan) {
  ImageLayout layout = sliceUp(plan, 32, rowMachine(4), [](uint32_t slice) {
    return slice % 2 ? 3u : 0u;
  });
  broadcastTables(layout);
  return layout;
}

Plan testPlan() {
  Plan plan = glia::runtime::testing::randomNetwork(true);
  plan.timestep = 1.0; // keeps the STDP decay tables small
  return plan;
}

EmulatorResult runImage(const Plan &plan, const ImageLayout &layout,
                        const std::string &name, double duration) {
  std::string dir = scratch(name);
  writeImage(plan, layout, dir);
  LoadedImage image = loadImage(dir);
  EmulatorOptions options;
  options.duration = duration;
  EmulatorResult result = emulate(image, options);
  fs::remove_all(dir);
  return result;
}

RunResult reference(const Plan &plan, double duration) {
  RunOptions options;
  options.duration = duration;
  options.numerics = Numerics::Fixed;
  return simulate(plan, options);
}

void expectSameRecordings(const RunResult &a, const RunResult &b) {
  ASSERT_EQ(a.recordings.size(), b.recordings.size());
  for (size_t r = 0; r < a.recordings.size(); ++r) {
    EXPECT_EQ(a.recordings[r].spikes.steps, b.recordings[r].spikes.steps);
    EXPECT_EQ(a.recordings[r].spikes.neurons, b.recordings[r].spikes.neurons);
    ASSERT_EQ(a.recordings[r].states.size(), b.recordings[r].states.size());
    for (size_t v = 0; v < a.recordings[r].states.size(); ++v)
      EXPECT_EQ(a.recordings[r].states[v].values,
                b.recordings[r].states[v].values);
  }
  // STDP: every plastic weight after the run, bit for bit.
  ASSERT_EQ(a.plasticWeights.size(), b.plasticWeights.size());
  for (size_t j = 0; j < a.plasticWeights.size(); ++j) {
    EXPECT_EQ(a.plasticWeights[j].projection, b.plasticWeights[j].projection);
    EXPECT_EQ(a.plasticWeights[j].pre, b.plasticWeights[j].pre);
    EXPECT_EQ(a.plasticWeights[j].post, b.plasticWeights[j].post);
    EXPECT_EQ(a.plasticWeights[j].weights, b.plasticWeights[j].weights);
  }
  EXPECT_EQ(a.synapses, b.synapses);
  EXPECT_EQ(a.synapticEvents, b.synapticEvents);
}

TEST(Emulator, MatchesTheFixedPointSimulatorOnOneChip) {
  Plan plan = testPlan();
  ImageLayout layout = oneChipLayout(plan);
  EmulatorResult result = runImage(plan, layout, "one-chip", 300);
  RunResult expected = reference(plan, 300);
  ASSERT_GT(expected.populations[0].spikes, 0u);
  ASSERT_EQ(expected.plasticWeights.size(), 1u);
  ASSERT_FALSE(expected.plasticWeights[0].weights.empty());
  expectSameRecordings(result.run, expected);
  EXPECT_EQ(result.packetsDropped, 0u);
  EXPECT_GT(result.packetsSent, 0u);
}

/// Runs `plan` for 300 ms on slices spread over two chips and expects the
/// fixed-point reference's spikes and every weight, bit for bit. `without`
/// is the plan without the feature under test: its weights must differ,
/// or the comparison could not tell the feature was carried.
void expectBoardCarries(const Plan &plan, const Plan &without,
                        const std::string &name) {
  EmulatorResult result = runImage(plan, endChipsLayout(plan), name, 300);
  RunResult expected = reference(plan, 300);
  ASSERT_NE(reference(without, 300).plasticWeights[0].weights,
            expected.plasticWeights[0].weights);
  expectSameRecordings(result.run, expected);
  EXPECT_EQ(result.packetsDropped, 0u);
}

TEST(Emulator, MatchesTheSimulatorWithPerSynapseStdpDelays) {
  // Each plastic synapse sees postsynaptic spikes its own delay late: the
  // cores' histories and delay-sorted columns against the simulator's.
  Plan plan = testPlan();
  plan.projections.back().delay = Value::ofUniform(3, 12);
  expectBoardCarries(plan, testPlan(), "stdp-delays");
}

TEST(Emulator, MatchesTheSimulatorWithTheTraceRule) {
  // NALSM's trace rule: traces that jump by trace_increment, spikes seen at
  // once whatever the synapses' delays (3-12 steps here), rates that decay
  // every step on each core as in each of the reference's threads.
  Plan plan = testPlan();
  Stdp &rule = *plan.projections.back().stdp;
  rule.rule = StdpRule::Trace;
  rule.dependence = WeightDependence::Additive;
  rule.tauMinus = rule.tauPlus;
  rule.traceIncrement = 0.1;
  rule.aPlus = 0.15;
  rule.aMinus = 0.1;
  rule.rateDecay = 0.99;
  plan.projections.back().delay = Value::ofUniform(3, 12);
  Plan steady = plan;
  steady.projections.back().stdp->rateDecay = 1;
  expectBoardCarries(plan, steady, "trace-rule");
}

TEST(Emulator, MatchesTheSimulatorWhenTheResetRoundsToTheThreshold) {
  // In s16.15 a v_reset 1e-6 mV below v_thresh is v_thresh: the neurons
  // fire at every step, and both histories must hold a spike per step of
  // the longest delay.
  Plan plan = testPlan();
  plan.projections.back().delay = Value::ofUniform(3, 12);
  int reset = glia::models::cellType(glia::models::CellKind::IfCurrExp)
                  .parameterIndex("v_reset");
  int threshold = glia::models::cellType(glia::models::CellKind::IfCurrExp)
                      .parameterIndex("v_thresh");
  plan.populations[0].parameters[size_t(reset)] = Value::ofConstant(
      plan.populations[0].parameters[size_t(threshold)].constant - 1e-6);
  EmulatorResult result =
      runImage(plan, endChipsLayout(plan), "reset-at-threshold", 50);
  RunResult expected = reference(plan, 50);
  // Refractory for 5 steps, they could fire 500 × 50 / 6 times at most.
  EXPECT_GT(expected.populations[0].spikes, 500u * expected.steps / 2);
  expectSameRecordings(result.run, expected);
}

TEST(ImageWriter, APlasticRecordIsWhatTheMappingEstimates) {
  // The mapping counts each plastic projection's record in the plasticity
  // region as image::kPlasticityRecordBytes besides its decay tables: one
  // table of 401 words here (tau+ = tau- = 20 ms at dt 1 ms).
  Plan plan = testPlan();
  std::string dir = scratch("record");
  writeImage(plan, oneChipLayout(plan), dir);
  LoadedImage image = loadImage(dir);
  fs::remove_all(dir);
  size_t plasticCores = 0;
  for (const LoadedCore &core : image.cores) {
    uint32_t size = core.regions[uint32_t(Region::Plasticity)].size;
    if (size <= 4) // the count alone: no plastic projection onto the core
      continue;
    ++plasticCores;
    EXPECT_EQ(size, 4 + image::kPlasticityRecordBytes + 401 * 4);
  }
  EXPECT_GT(plasticCores, 0u);
}

TEST(Emulator, DefaultRoutingCarriesPacketsAcrossChipsWithoutTables) {
  Plan plan = testPlan();
  ImageLayout layout = endChipsLayout(plan);
  EmulatorResult result = runImage(plan, layout, "row", 300);
  expectSameRecordings(result.run, reference(plan, 300));
  EXPECT_EQ(result.packetsDropped, 0u);
  // Packets between the end chips visit all four routers.
  EXPECT_GT(result.packetsRouted, 2 * result.packetsSent);
}

TEST(Emulator, AMissingRouteLosesSpikesAndADeadEndDropsPackets) {
  Plan plan = testPlan();
  ImageLayout layout = oneChipLayout(plan);
  // The first slice's packets reach only core 1, and also try to leave
  // east, where there is no chip.
  layout.tables[0].entries[0].route = 1u << 7 | 1u;
  EmulatorResult result = runImage(plan, layout, "broken", 300);
  RunResult expected = reference(plan, 300);
  EXPECT_GT(result.packetsDropped, 0u);
  EXPECT_NE(result.run.recordings[0].spikes.steps,
            expected.recordings[0].spikes.steps);
}

TEST(Emulator, PacketsThatMatchNoEntryAtTheirSourceAreDropped) {
  Plan plan = testPlan();
  ImageLayout layout = oneChipLayout(plan);
  layout.tables[0].entries.erase(layout.tables[0].entries.begin());
  EmulatorResult result = runImage(plan, layout, "unrouted", 100);
  EXPECT_GT(result.packetsDropped, 0u);
}

TEST(Emulator, ALoopIsDroppedNotFollowed) {
  Plan plan = testPlan();
  ImageLayout layout = endChipsLayout(plan);
  // Every chip floods every packet out of every link (the middle chips with
  // one catch-all entry): each copy that returns to a chip it passed is a
  // loop.
  for (ImageTable &table : layout.tables)
    for (RouteEntry &entry : table.entries)
      entry.route |= 0x3f;
  for (uint32_t x : {1u, 2u})
    layout.tables.push_back({x, 0, 0, {{0, 0, 0, 0x3f}}});
  EmulatorResult result = runImage(plan, layout, "loop", 50);
  EXPECT_GT(result.packetsDropped, result.packetsSent);
  // Each chip is passed once per packet: at most 6 copies arrive per chip.
  EXPECT_LE(result.packetsRouted, result.packetsSent * 4 * 7);
}

TEST(ImageWriter, RefusesACoreThatDoesNotFitItsDtcm) {
  Plan plan = testPlan();
  ImageMachine machine = rowMachine(1);
  machine.dtcmBytes = 2048;
  ImageLayout layout = oneChipLayout(plan, machine);
  std::string dir = scratch("dtcm");
  try {
    writeImage(plan, layout, dir);
    FAIL() << "expected a DTCM error";
  } catch (const RuntimeError &error) {
    EXPECT_NE(std::string(error.what()).find("bytes of DTCM, a core has 2048"),
              std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(fs::exists(dir)); // nothing half-written
}

/// Writes a one-chip image and returns its directory.
std::string goodImage(const std::string &name) {
  Plan plan = testPlan();
  ImageLayout layout = oneChipLayout(plan);
  std::string dir = scratch(name);
  writeImage(plan, layout, dir);
  return dir;
}

std::string loadError(const std::string &dir) {
  try {
    loadImage(dir);
  } catch (const RuntimeError &error) {
    fs::remove_all(dir);
    return error.what();
  }
  fs::remove_all(dir);
  return "";
}

TEST(ImageReader, RefusesABlobWhoseChecksumDoesNotMatch) {
  std::string dir = goodImage("checksum");
  fs::path blob = fs::path(dir) / "cores" / "core_0_0_1.bin";
  std::fstream file(blob, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(200);
  file.put('\x7f');
  file.close();
  EXPECT_NE(loadError(dir).find("bad checksum"), std::string::npos);
}

TEST(ImageReader, RefusesATruncatedTable) {
  std::string dir = goodImage("truncated");
  fs::resize_file(fs::path(dir) / "tables" / "chip_0_0.bin", 6);
  EXPECT_NE(loadError(dir).find("(truncated)"), std::string::npos);
}

/// Rewrites `dir`'s manifest after `edit` (the manifest has no checksum).
void editManifest(const std::string &dir,
                  const std::function<void(nlohmann::json &)> &edit) {
  fs::path path = fs::path(dir) / "manifest.json";
  nlohmann::json manifest;
  std::ifstream(path) >> manifest;
  edit(manifest);
  std::ofstream(path) << manifest.dump(1);
}

/// Edits the blob of the first core `edit` accepts, then fixes its size and
/// checksum in the manifest, as a hand-made image would have them. `edit`
/// gets the blob and the core's manifest entry, and returns whether it
/// changed the blob.
void editBlob(const std::string &dir,
              const std::function<bool(std::vector<uint8_t> &,
                                       const nlohmann::json &)> &edit) {
  editManifest(dir, [&](nlohmann::json &manifest) {
    for (nlohmann::json &core : manifest["cores"]) {
      fs::path path = fs::path(dir) / core["file"].get<std::string>();
      std::ifstream in(path, std::ios::binary);
      std::vector<uint8_t> blob((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
      if (!edit(blob, core))
        continue;
      std::ofstream(path, std::ios::binary)
          .write(reinterpret_cast<const char *>(blob.data()),
                 std::streamsize(blob.size()));
      char checksum[17];
      std::snprintf(
          checksum, sizeof checksum, "%016llx",
          static_cast<unsigned long long>(fnv1a64(blob.data(), blob.size())));
      core["bytes"] = blob.size();
      core["checksum"] = checksum;
      return;
    }
    FAIL() << "no core to edit";
  });
}

/// Where region `name` of a core's blob starts.
size_t regionOffset(const nlohmann::json &core, const std::string &name) {
  for (const nlohmann::json &region : core["regions"])
    if (region["name"] == name)
      return region["offset"].get<size_t>();
  ADD_FAILURE() << "no region " << name;
  return 0;
}

TEST(ImageReader, RefusesManifestNumbersThatDoNotFitTheirField) {
  // get<uint32_t>() would read -1 as 2^32 - 1 (and size the routers by
  // it) and 10.5 as 10. A field of a list's entry is named with the entry.
  struct Case {
    std::function<void(nlohmann::json &)> edit;
    std::string expected;
  };
  std::vector<Case> cases = {
      {[](nlohmann::json &m) { m["machine"]["width"] = -1; },
       "'width' must be an integer"},
      {[](nlohmann::json &m) { m["machine"]["height"] = 5000; },
       "width and height must be in [1, 256]"},
      {[](nlohmann::json &m) { m["populations"][0]["size"] = 10.5; },
       "manifest: populations[0]: 'size' must be an integer"},
      {[](nlohmann::json &m) { m["cores"][0]["x"] = uint64_t(1) << 32 | 1; },
       "manifest: cores[0]: 'x' must be an integer"},
      // Other fields name themselves too, not only nlohmann's type.
      {[](nlohmann::json &m) { m["timestep_ms"] = "0.1"; },
       "manifest: 'timestep_ms' must be a number"},
      {[](nlohmann::json &m) { m["machine"]["wrap"] = "yes"; },
       "manifest: machine: 'wrap' must be true or false"},
      {[](nlohmann::json &m) { m["populations"][0]["cell"] = 5; },
       "manifest: populations[0]: 'cell' must be a string"},
      {[](nlohmann::json &m) { m["populations"][0].erase("name"); },
       "manifest: populations[0]: missing field 'name'"},
  };
  for (const Case &c : cases) {
    std::string dir = goodImage("manifest-numbers");
    editManifest(dir, c.edit);
    std::string error = loadError(dir);
    EXPECT_NE(error.find(c.expected), std::string::npos) << error;
  }
}

TEST(ImageReader, RefusesAPlasticRowWhoseTraceIsOutOfRange) {
  // A trace's last step of -2^63 would overflow traceAt's elapsed time.
  std::string dir = goodImage("trace-step");
  editBlob(dir, [](std::vector<uint8_t> &blob, const nlohmann::json &core) {
    size_t at = regionOffset(core, "synaptic_matrix");
    auto word = [&](size_t index) {
      uint32_t value;
      std::memcpy(&value, &blob[at + 4 * index], 4);
      return value;
    };
    uint32_t blocks = word(0);
    constexpr size_t kBlockWords = sizeof(image::RowBlock) / 4;
    size_t wordsStart = 1 + blocks * kBlockWords + 1; // then the words
    for (uint32_t b = 0; b < blocks; ++b) {
      image::RowBlock block;
      std::memcpy(&block, &blob[at + 4 * (1 + b * kBlockWords)], sizeof block);
      if (block.plastic == image::kStatic || block.rowCount == 0)
        continue;
      uint32_t row = word(wordsStart + block.indexWord);
      size_t lastStep = at + 4 * (wordsStart + row + 2);
      int64_t never = std::numeric_limits<int64_t>::min();
      std::memcpy(&blob[lastStep], &never, 8);
      return true;
    }
    return false;
  });
  std::string error;
  try { // the cores read their blobs when the emulation starts
    EmulatorOptions options;
    options.duration = 1;
    emulate(loadImage(dir), options);
  } catch (const RuntimeError &thrown) {
    error = thrown.what();
  }
  fs::remove_all(dir);
  EXPECT_NE(error.find("last spike step out of range"), std::string::npos)
      << error;
}

TEST(ImageReader, DecodesTableFilesItWrote) {
  ImageTable table{3, 4, 9, {{0x100, 0xff00, 1, 1u << 7}, {0, 0, 0, 5}}};
  ImageTable back = decodeTableFile(encodeTableFile(table), "t");
  EXPECT_EQ(back.x, 3u);
  EXPECT_EQ(back.y, 4u);
  ASSERT_EQ(back.entries.size(), 2u);
  EXPECT_EQ(back.entries[0].route, 1u << 7);
  EXPECT_EQ(back.entries[1].route, 5u);
  std::vector<uint8_t> bytes = encodeTableFile(table);
  bytes.pop_back();
  EXPECT_THROW(decodeTableFile(bytes, "t"), RuntimeError);
}

} // namespace
