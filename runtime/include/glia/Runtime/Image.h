//===- Image.h - the board image: manifest, core blobs, chip tables -*- C++
//-*-//
//
// A board image is what a SpiNNaker-style machine would load: per core a
// binary blob (neuron coefficients and state in s16.15, synaptic rows of
// 32-bit words, a master population table, source data, recording sizes),
// per chip a routing table, and a JSON manifest that ties them together
// with sizes and checksums. docs/image.md describes the layout.
//
// The writer (`writeImage`) takes the runtime plan and the mapping as plain
// data (`ImageLayout`, filled by lib/Image from the spinn dialect), so this
// header and its implementation stay free of MLIR. The reader
// (`loadImage`) checks everything before the emulator touches it: format
// version, checksums, truncation and whether each core fits its memory.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_IMAGE_H
#define GLIA_RUNTIME_IMAGE_H

#include "glia/Runtime/CamReadout.h"
#include "glia/Runtime/Plan.h"
#include "glia/Runtime/Weights.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glia::runtime {

/// The version of the image layout (manifest, blobs, table files). Readers
/// accept exactly their own version.
// Version 2 added astrocyte cores and the astrocytes region; version 3 the
// dendritic delay of each plastic projection (plasticity region); version 4
// the current-based LIFs' resting drive (v_rest folded in) in place of
// v_rest and the offset drive, and each neuron's refractory-until step in
// place of its refractory counter; version 5 the shortest delay and the
// depth of each plastic projection's postsynaptic history in place of its
// one delay and of the neurons' traces (synapses see post spikes their own
// delay late); version 6 the STDP rule, its trace jump and its rate decay
// (NALSM's trace rule on the board), and one decay table when tau+ = tau-.
inline constexpr uint32_t kImageFormatVersion = 6;
/// The first 8 bytes of every core blob.
inline constexpr char kCoreMagic[9] = "GLIACORE";

namespace image {
/// DTCM a core keeps besides its regions, also what the mapping estimates
/// (lib/Mapping/Resources.cpp). The input ring: two receptors, an int32
/// per neuron and slot.
inline uint64_t ringBytes(uint64_t neurons, uint32_t maxDelay) {
  return uint64_t(ringSlots(maxDelay)) * 2 * neurons * 4;
}
/// A plastic projection's postsynaptic history: per neuron its newest
/// entry's index (u32), and per entry the trace (s16.15) and its step (64
/// bits).
inline uint64_t historyBytes(uint64_t neurons, uint64_t depth) {
  return neurons * (4 + depth * (4 + 8));
}
/// What each incoming projection adds to a core's DTCM regions at the
/// least: a master population table entry (one per source slice), and for a
/// plastic projection its record in the plasticity region, its decay
/// tables aside (16 words: plasticityRegion).
inline constexpr uint64_t kMasterEntryBytes = 16;
inline constexpr uint64_t kPlasticityRecordBytes = 16 * 4;
/// The spikes waiting `shortestDelay` steps to join a history: a bit per
/// neuron and step, for one step at least (the trace rule's delay is 0).
inline uint64_t historyJoinBytes(uint64_t neurons, uint64_t shortestDelay) {
  return std::max<uint64_t>(shortestDelay, 1) * ((neurons + 31) / 32) * 4;
}
/// A SpikeSourceArray core's neuron region (writeSpikeArray): the kind and
/// the shared flag (u32 each), a u64 offset per neuron and one more unless
/// the train is shared, the count of times (u64) and the times (i64
/// steps), all of a shared train on every core.
inline uint64_t spikeArrayBytes(uint64_t neurons, uint64_t times, bool shared) {
  return 4 + 4 + (shared ? 0 : (neurons + 1) * 8) + 8 + times * 8;
}
} // namespace image

/// The regions of a core blob, in file order.
enum class Region : uint32_t {
  System = 0,        // population, slice, key/mask, seed, timestep
  Neurons = 1,       // coefficients and state (s16.15) or source data
  SynapseParams = 2, // weight shifts, subtract flags, synaptic word fields
  MasterPopTable = 3,
  SynapticMatrix = 4,
  Plasticity = 5, // STDP coefficients and the postsynaptic history's shape
  Recording = 6,  // bytes recorded per timestep
  Astrocytes = 7, // neuron core: the astrocyte payloads it takes and their
                  // couplings; astrocyte core: what it listens to
};
inline constexpr uint32_t kRegionCount = 8;
const char *regionName(Region region);

//===----------------------------------------------------------------------===//
// The mapping as plain data (the writer's input)
//===----------------------------------------------------------------------===//

/// One placed slice: population neurons [lo, hi) on core (x, y, p).
struct ImageCore {
  uint32_t x = 0, y = 0, p = 0;
  uint32_t population = 0; // plan index
  uint32_t lo = 0, hi = 0;
  uint32_t key = 0, mask = 0;
  bool sends = false; // the slice has a route: its spikes leave as packets
  /// The core runs astrocytes [lo, hi) of the plan's astrocyte population
  /// `population` (docs/astrocytes.md, "On the board"); its packets carry
  /// their output as payload.
  bool astrocytes = false;
};

/// One router entry: key, mask, incoming links (bits 0-5), route word
/// (bits 0-5 links, bit 6 + p core p).
struct RouteEntry {
  uint32_t key = 0, mask = 0, source = 0, route = 0;
};

struct ImageTable {
  uint32_t x = 0, y = 0;
  uint32_t uncompressed = 0; // entries before compression
  std::vector<RouteEntry> entries;
};

/// The machine facts the emulator needs: shape, memory, and which links of
/// which chips work (dead chips are absent, dead links cleared).
struct ImageMachine {
  std::string name;
  uint32_t width = 0, height = 0;
  bool wrap = false;
  uint64_t dtcmBytes = 0, sdramBytesPerChip = 0;
  uint32_t routerEntries = 0;
  /// x, y and the mask of working links (bit l: link l leads to a live chip).
  std::vector<std::array<uint32_t, 3>> chips;
};

struct ImageLayout {
  ImageMachine machine;
  std::vector<ImageCore> cores;
  std::vector<ImageTable> tables;
};

/// An image that cannot be built for a reason that lies in one population
/// (its cores do not fit): the compiler reports it at that population's op.
class PopulationImageError : public RuntimeError {
public:
  PopulationImageError(const std::string &message, uint32_t population)
      : RuntimeError(message), population(population) {}
  uint32_t population; // index in the plan
};

/// Writes the image of `plan` mapped as `layout` into `directory` (created
/// if needed; `directory`/manifest.json, cores/, tables/). Everything goes to
/// a temporary directory first, renamed into place at the end, so an image
/// appears whole or not at all. Throws RuntimeError, e.g. when a core does
/// not fit its DTCM or a chip its SDRAM (PopulationImageError when the
/// failure lies in one population). `cams` (collected before the CAMs
/// were expanded) go into the manifest, so that the emulator can say what
/// each CAM operation recalled.
void writeImage(const Plan &plan, const ImageLayout &layout,
                const std::string &directory,
                const std::vector<cam::Readout> &cams = {});

//===----------------------------------------------------------------------===//
// The loaded image (the emulator's and `glia inspect`'s input)
//===----------------------------------------------------------------------===//

struct RegionInfo {
  Region id;
  uint32_t offset = 0, size = 0; // bytes, from the blob's start
};

struct LoadedCore {
  ImageCore place;
  std::string file;
  uint64_t dtcmBytes = 0, sdramBytes = 0;
  std::vector<uint8_t> blob;
  std::vector<RegionInfo> regions; // indexed by Region
};

struct LoadedPopulation {
  std::string name;
  uint32_t size = 0;
  models::CellKind kind = models::CellKind::IfCurrExp;
};

struct LoadedRecording {
  Slice target;
  bool spikes = false;
  std::vector<std::string> states; // state variables, sampled every
  uint32_t interval = 1;           // `interval` steps
};

struct LoadedAstrocytes {
  std::string name;
  uint32_t size = 0;
  models::AstroKind kind = models::AstroKind::LeakyIntegrator;
};

struct LoadedAstroRecording {
  uint32_t astrocytes = 0;
  std::vector<std::string> variables; // state variables, sampled every
  uint32_t interval = 1;              // `interval` steps
};

struct LoadedProjection {
  std::string name;
  Slice pre, post;
  bool plastic = false;
};

struct LoadedImage {
  std::string directory;
  std::string network;
  double timestep = 1;
  std::optional<double> duration;
  uint64_t buildSaturations = 0;
  ImageMachine machine;
  std::vector<LoadedPopulation> populations;
  std::vector<LoadedRecording> recordings;
  std::vector<LoadedProjection> projections;
  std::vector<cam::Readout> cams; // checked against the populations
  std::vector<LoadedAstrocytes> astrocytes;
  std::vector<LoadedAstroRecording> astroRecordings;
  std::vector<LoadedCore> cores;
  std::vector<ImageTable> tables;
};

/// Reads and checks an image directory. Throws RuntimeError naming the file
/// and the problem (unknown version, bad checksum, truncated blob, a core
/// that does not fit its DTCM, a chip whose cores exceed its SDRAM).
LoadedImage loadImage(const std::string &directory);

/// What a core's synaptic regions hold, for `glia inspect`.
struct CoreContents {
  uint32_t masterEntries = 0, rowBlocks = 0, plasticProjections = 0;
  uint64_t rows = 0, synapses = 0;
  // Astrocyte cores: listens; neuron cores: astrocyte payload sources
  // (master-table-like entries) and couplings applied.
  uint32_t listens = 0, payloadEntries = 0, couplings = 0;
};
/// Reads the counts from a loaded core's regions (bounds-checked; throws
/// RuntimeError on a malformed region).
CoreContents describeCore(const LoadedCore &core);

/// Routing-table files use GliaRouting's format (docs/routing.md): repeated
/// [u8 x, u8 y, u16 n, n x (u32 key, mask, source, route)], little endian.
std::vector<uint8_t> encodeTableFile(const ImageTable &table);
ImageTable decodeTableFile(const std::vector<uint8_t> &bytes,
                           const std::string &name);

/// FNV-1a 64 of `bytes` as 16 hex digits: the manifest's checksums.
std::string imageChecksum(const std::vector<uint8_t> &bytes);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_IMAGE_H
