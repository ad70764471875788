//===- ImageBlob.h - byte-level pieces of core blobs ------------*- C++ -*-===//
//
// Private to the image writer, reader and emulator: little-endian word
// writers and a bounds-checked reader (a truncated or hand-edited blob must
// give an error, never a read past its end), and the layout constants of
// core blobs. docs/image.md describes the regions.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_IMAGEBLOB_H
#define GLIA_RUNTIME_LIB_IMAGEBLOB_H

#include "glia/Runtime/Format.h"
#include "glia/Runtime/Image.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace glia::runtime::image {

/// Blob header: magic (8), version (4), region count (4), then per region
/// id, offset, size (3 x u32).
inline constexpr uint32_t kHeaderBytes = 16 + 12 * kRegionCount;

/// Fields of a synaptic word below its 16-bit weight: neuron index in the
/// low `indexBits`, then 1 bit of synapse type (receptor), then the delay.
inline constexpr uint32_t kTypeBits = 1;
/// Words before the synapses of a row: the synapse count, then for plastic
/// rows the presynaptic trace (value s16.15, last spike step as 2 words).
inline constexpr uint32_t kRowHeaderWords = 1;
inline constexpr uint32_t kTraceWords = 3;
/// Marks a row block whose projection is static.
inline constexpr uint32_t kStatic = 0xffffffffu;

/// Appends little-endian words (the host is assumed little endian, as the
/// board's ARM968 is; checked when the image is read).
class ByteWriter {
public:
  void u32(uint32_t value) { raw(&value, 4); }
  void i32(int32_t value) { raw(&value, 4); }
  void u64(uint64_t value) { raw(&value, 8); }
  void i64(int64_t value) { raw(&value, 8); }
  void f64(double value) { raw(&value, 8); }
  template <typename T> void pod(const T &value) {
    static_assert(std::is_trivially_copyable_v<T>);
    raw(&value, sizeof(T));
    while (bytes.size() % 4)
      bytes.push_back(0); // keep words aligned
  }
  void raw(const void *data, size_t size) {
    const auto *p = static_cast<const uint8_t *>(data);
    bytes.insert(bytes.end(), p, p + size);
  }
  std::vector<uint8_t> bytes;
};

/// Reads a region; every read is checked against its end.
class ByteReader {
public:
  ByteReader(const uint8_t *data, size_t size, std::string what)
      : data(data), size(size), what(std::move(what)) {}
  uint32_t u32() { return get<uint32_t>(); }
  int32_t i32() { return get<int32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  int64_t i64() { return get<int64_t>(); }
  double f64() { return get<double>(); }
  template <typename T> T pod() {
    T value = get<T>();
    position = (position + 3) & ~size_t(3);
    return value;
  }
  /// `count` items of T, bounds-checked before allocating.
  template <typename T> std::vector<T> array(uint64_t count) {
    if (count > (size - position) / sizeof(T))
      fail();
    std::vector<T> out(count);
    if (count) // memcpy from/to null (an empty vector) is undefined
      std::memcpy(out.data(), data + position, count * sizeof(T));
    position += count * sizeof(T);
    return out;
  }
  size_t remaining() const { return size - position; }
  [[noreturn]] void fail() const {
    throw RuntimeError(what + " is truncated or malformed (read past byte " +
                       std::to_string(size) + ")");
  }

private:
  template <typename T> T get() {
    if (size - position < sizeof(T))
      fail();
    T value;
    std::memcpy(&value, data + position, sizeof(T));
    position += sizeof(T);
    return value;
  }
  const uint8_t *data;
  size_t size;
  size_t position = 0;
  std::string what;
};

/// One master population table entry: packets with (key & mask) == key use
/// row blocks [firstBlock, firstBlock + blockCount).
struct MasterEntry {
  uint32_t key, mask, firstBlock, blockCount;
};
static_assert(sizeof(MasterEntry) == image::kMasterEntryBytes,
              "the mapping estimates the master table with this size");

/// A synaptic row block: the rows of one projection from one source slice.
/// Packet neuron n (key & ~mask) has row n - firstNeuron if it is below
/// firstNeuron + rowCount. Row r's words start at data[index[r]], where
/// index is the rowCount + 1 words at `indexWord`.
struct RowBlock {
  uint32_t projection;
  uint32_t plastic; // index into the Plasticity region, or kStatic
  uint32_t firstNeuron, rowCount;
  uint32_t indexWord;
  uint32_t firstPre; // row 0's index in the projection's pre slice
};

/// DTCM a core's regions take: all but the synaptic matrix (which lives in
/// SDRAM, as on SpiNNaker), and the blob's header. What else the core keeps
/// there (its input rings, STDP histories) comes on top.
inline uint64_t regionDtcmBytes(const std::vector<RegionInfo> &regions) {
  uint64_t bytes = kHeaderBytes;
  for (const RegionInfo &region : regions)
    if (region.id != Region::SynapticMatrix)
      bytes += region.size;
  return bytes;
}

/// Reads a core's system region (docs/image.md): it must describe the
/// slice the manifest places the core on, at the image's timestep (the
/// blob's neuron coefficients were made for it), and hold nothing more.
/// Returns the network seed.
inline uint64_t readSystem(ByteReader in, const ImageCore &place,
                           double timestep, const std::string &file) {
  uint32_t words[6];
  for (uint32_t &word : words)
    word = in.u32();
  if (words[0] != place.population || words[1] != place.lo ||
      words[2] != place.hi || words[3] != place.key || words[4] != place.mask ||
      words[5] != uint32_t(place.sends))
    throw RuntimeError(file + ": the blob is for another slice than the "
                              "manifest says");
  uint32_t n = place.hi - place.lo;
  if ((place.key & ~place.mask) || ((n - 1) & place.mask))
    throw RuntimeError(file + ": key/mask cannot hold the slice's " +
                       std::to_string(n) + " neurons");
  uint64_t seed = in.u64();
  double blobTimestep = in.f64();
  if (blobTimestep != timestep)
    throw RuntimeError(file + formatString(": the blob was made for a "
                                           "timestep of %g ms, the "
                                           "manifest's is %g ms",
                                           blobTimestep, timestep));
  if (in.remaining())
    in.fail();
  return seed;
}

/// The entry of a table sorted by key with disjoint (key, mask) blocks (the
/// master population table, the astrocyte tables) that `key` falls in, or
/// null: a binary search, as a core would do.
template <typename Entry>
const Entry *findEntry(const std::vector<Entry> &table, uint32_t key) {
  auto it = std::upper_bound(
      table.begin(), table.end(), key,
      [](uint32_t k, const Entry &e) { return k < e.key; });
  if (it == table.begin())
    return nullptr;
  --it;
  return (key & it->mask) == it->key ? &*it : nullptr;
}

//===----------------------------------------------------------------------===//
// The astrocytes region (docs/image.md, docs/astrocytes.md "On the board")
//===----------------------------------------------------------------------===//

/// Astrocyte core: one listen of its population, in plan order: the weight
/// (s16.15 raw) each spike adds and the size of the listened slice (its
/// domains split that slice).
struct ListenRecord {
  int32_t weight;
  uint32_t sourceSize;
};

/// Astrocyte core: which spikes of one source core a listen counts.
/// Core-local neurons [first, first + count) of the packet's slice are
/// elements offset .. offset + count - 1 of the listened slice. The master
/// population table's entry for the source core points at its refs.
struct ListenRef {
  uint32_t listen, first, count, offset;
};

/// Neuron core: payload packets with (key & mask) == key carry the output
/// of astrocyte first + (key & ~mask) of the astrocyte population in
/// `slot` (an index into the region's population list).
struct PayloadEntry {
  uint32_t key, mask, slot, first;
};

/// Neuron core: one coupling it applies. `kind` is a Modulation or
/// kInjection; `start`, `size` the coupled slice of the core's population
/// (the projection's post slice, or the injection's target), which the
/// population's astrocytes divide into domains; `gain` the quantised gain
/// (s16.15 raw; injections keep theirs per neuron, after the record).
struct CouplingRecord {
  uint32_t kind, slot, projection, start, size;
  int32_t gain;
};
inline constexpr uint32_t kInjection = 3;
inline constexpr uint32_t kNoProjection = 0xffffffffu;

} // namespace glia::runtime::image

#endif // GLIA_RUNTIME_LIB_IMAGEBLOB_H
