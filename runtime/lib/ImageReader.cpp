//===- ImageReader.cpp - load and check a board image ---------------------===//
//
// Everything a loader can check before running is checked here, so that
// the emulator never sees a malformed image: the manifest's format and
// version, each file's size and checksum, each blob's header and region
// table, and whether each core fits its DTCM and each chip its SDRAM.
// Every failure is a RuntimeError naming the file.
//
//===----------------------------------------------------------------------===//

#include "ImageBlob.h"
#include "JsonFields.h"
#include "glia/Machine/Machine.h"
#include "glia/Runtime/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

namespace glia::runtime {

ImageTable decodeTableFile(const std::vector<uint8_t> &bytes,
                           const std::string &name) {
  image::ByteReader in(bytes.data(), bytes.size(), name);
  ImageTable table;
  uint32_t head = in.u32();
  table.x = head & 0xff;
  table.y = (head >> 8) & 0xff;
  uint32_t count = head >> 16;
  for (uint32_t e = 0; e < count; ++e) {
    RouteEntry entry;
    entry.key = in.u32();
    entry.mask = in.u32();
    entry.source = in.u32();
    entry.route = in.u32();
    table.entries.push_back(entry);
  }
  if (in.remaining() != 0)
    throw RuntimeError(name + " has " + std::to_string(in.remaining()) +
                       " trailing bytes (one table per file)");
  return table;
}

namespace {

using Json = nlohmann::json;

/// Reads a file listed in the manifest and checks its size and checksum.
std::vector<uint8_t> readListed(const std::filesystem::path &dir,
                                const Json &entry) {
  std::string file = field<std::string>(entry, "file");
  if (file.find("..") != std::string::npos || file.empty() || file[0] == '/')
    throw RuntimeError("file name '" + file + "' leaves the image directory");
  std::vector<uint8_t> bytes = readWholeFile((dir / file).string());
  uint64_t expected = unsignedField<uint64_t>(entry, "bytes");
  if (bytes.size() != expected)
    throw RuntimeError(file + " has " + std::to_string(bytes.size()) +
                       " bytes, the manifest says " + std::to_string(expected) +
                       (bytes.size() < expected ? " (truncated)" : ""));
  std::string checksum = imageChecksum(bytes);
  std::string listed = field<std::string>(entry, "checksum");
  if (checksum != listed)
    throw RuntimeError(file + ": bad checksum (" + checksum +
                       ", the manifest says " + listed +
                       "); the image is corrupted or was edited");
  return bytes;
}

/// Checks a blob's header and region table against its size.
std::vector<RegionInfo> readRegions(const std::vector<uint8_t> &blob,
                                    const std::string &file) {
  if (blob.size() < 8 || std::memcmp(blob.data(), kCoreMagic, 8) != 0)
    throw RuntimeError(file + " is not a core blob (bad magic)");
  image::ByteReader header(blob.data() + 8, blob.size() - 8, file);
  uint32_t version = header.u32();
  if (version != kImageFormatVersion)
    throw RuntimeError(file + ": core blob version " + std::to_string(version) +
                       " is not supported (this glia reads version " +
                       std::to_string(kImageFormatVersion) + ")");
  if (header.u32() != kRegionCount)
    throw RuntimeError(file + ": unexpected region count");
  std::vector<RegionInfo> regions;
  for (uint32_t r = 0; r < kRegionCount; ++r) {
    RegionInfo info{Region(header.u32()), header.u32(), header.u32()};
    if (uint32_t(info.id) != r || info.offset > blob.size() ||
        info.size > blob.size() - info.offset)
      throw RuntimeError(file + ": region " + regionName(Region(r)) +
                         " lies outside the blob (truncated?)");
    regions.push_back(info);
  }
  return regions;
}

ImageMachine readMachine(const Json &m) {
  ImageMachine machine;
  machine.name = field<std::string>(m, "name");
  machine.width = unsignedField<uint32_t>(m, "width");
  machine.height = unsignedField<uint32_t>(m, "height");
  machine.wrap = field<bool>(m, "wrap");
  machine.dtcmBytes = unsignedField<uint64_t>(m, "dtcm_bytes");
  machine.sdramBytesPerChip =
      unsignedField<uint64_t>(m, "sdram_bytes_per_chip");
  machine.routerEntries = unsignedField<uint32_t>(m, "router_entries");
  // The compiler's bound: the emulator's routers hold state per chip,
  // which a hand-made width must not make absurd.
  constexpr uint32_t kMaxSide = uint32_t(machine::kMaxMachineSide);
  if (machine.width < 1 || machine.height < 1 || machine.width > kMaxSide ||
      machine.height > kMaxSide)
    throw RuntimeError("manifest: the machine's width and height must be in "
                       "[1, " +
                       std::to_string(kMaxSide) + "]");
  for (const Json &chip : member(m, "chips")) {
    std::array<uint32_t, 3> c =
        unsignedTuple<uint32_t, 3>(chip, "machine: chips entry");
    if (c[0] >= machine.width || c[1] >= machine.height || c[2] > 63)
      throw RuntimeError("chip entry outside the machine");
    machine.chips.push_back(c);
  }
  return machine;
}

Slice readSlice(const Json &json, const LoadedImage &image) {
  auto slice = unsignedTuple<uint32_t, 3>(json, "slice");
  if (slice[0] >= image.populations.size() ||
      uint64_t(slice[1]) + slice[2] > image.populations[slice[0]].size)
    throw RuntimeError("a slice lies outside its population");
  return {slice[0], slice[1], slice[2]};
}

/// Each entry of manifest[key], named in its errors ("manifest: cores[2]:").
template <typename Body>
void forEachListed(const Json &manifest, const char *key, Body &&body) {
  forEachEntry(manifest, key, body, "manifest: ");
}

void readProjections(const Json &manifest, LoadedImage &image) {
  forEachListed(manifest, "projections", [&](const Json &j) {
    image.projections.push_back(
        {field<std::string>(j, "name"), readSlice(member(j, "pre"), image),
         readSlice(member(j, "post"), image), field<bool>(j, "plastic")});
  });
}

cam::Operation readCamOperation(const Json &json, const cam::Readout &cam) {
  std::string name = field<std::string>(json, "operation");
  std::optional<cam::Operation::Kind> kind = cam::parseKind(name);
  if (!kind)
    throw RuntimeError("cam '" + cam.name + "': unknown operation '" + name +
                       "'");
  cam::Operation operation{*kind, field<double>(json, "time"), -1, {}};
  if (*kind != cam::Operation::RecallContent)
    operation.cue = unsignedField<uint32_t>(json, "cue");
  if (*kind != cam::Operation::RecallCue) {
    const Json &bits = member(json, "bits");
    if (!bits.is_array())
      throw RuntimeError("cam '" + cam.name + "': 'bits' must be a list");
    for (const Json &bit : bits)
      operation.bits.push_back(unsignedOf<uint32_t>(bit, "bits"));
  }
  bool inRange =
      (*kind == cam::Operation::RecallContent ||
       (operation.cue >= 0 && operation.cue < cam.memories)) &&
      std::all_of(operation.bits.begin(), operation.bits.end(),
                  [&](int64_t bit) { return bit >= 0 && bit < cam.bits; });
  if (!inRange || !std::isfinite(operation.time))
    throw RuntimeError("cam '" + cam.name + "': operation '" + name + "' at " +
                       std::to_string(operation.time) +
                       " ms has a time, cue or bit out of range");
  return operation;
}

/// The optional "cams" section: what `glia emulate` decodes after the run.
void readCams(const Json &manifest, LoadedImage &image) {
  if (!manifest.contains("cams"))
    return;
  forEachListed(manifest, "cams", [&](const Json &c) {
    cam::Readout readout;
    readout.name = field<std::string>(c, "name");
    readout.memories = unsignedField<uint32_t>(c, "memories");
    readout.bits = unsignedField<uint32_t>(c, "bits");
    readout.outputPopulation = field<std::string>(c, "output");
    auto output =
        std::find_if(image.populations.begin(), image.populations.end(),
                     [&](const LoadedPopulation &p) {
                       return p.name == readout.outputPopulation;
                     });
    if (readout.memories < 1 || readout.bits < 1 ||
        output == image.populations.end() ||
        int64_t(output->size) != readout.memories + readout.bits)
      throw RuntimeError(
          "cam '" + readout.name + "' needs an output population '" +
          readout.outputPopulation + "' of memories + bits neurons");
    for (const Json &operation : member(c, "protocol")) {
      readout.protocol.push_back(readCamOperation(operation, readout));
      if (readout.protocol.size() > 1 &&
          readout.protocol.back().time <
              readout.protocol[readout.protocol.size() - 2].time)
        throw RuntimeError("cam '" + readout.name +
                           "': its protocol's operations are not in the "
                           "order of their times");
    }
    image.cams.push_back(std::move(readout));
  });
}

/// The astrocyte populations and their recordings.
void readAstrocytes(const Json &manifest, LoadedImage &image) {
  forEachListed(manifest, "astrocytes", [&](const Json &a) {
    LoadedAstrocytes astro;
    astro.name = field<std::string>(a, "name");
    astro.size = unsignedField<uint32_t>(a, "size");
    std::string model = field<std::string>(a, "model");
    auto info = std::find_if(
        models::astrocyteModels().begin(), models::astrocyteModels().end(),
        [&](const models::AstrocyteModelInfo &m) { return m.name == model; });
    if (info == models::astrocyteModels().end() || astro.size == 0)
      throw RuntimeError("astrocytes '" + astro.name +
                         "' have an unknown model '" + model + "' or size 0");
    astro.kind = info->kind;
    image.astrocytes.push_back(astro);
  });
  forEachListed(manifest, "astro_recordings", [&](const Json &r) {
    LoadedAstroRecording recording;
    recording.astrocytes = unsignedField<uint32_t>(r, "astrocytes");
    recording.interval = unsignedField<uint32_t>(r, "interval");
    recording.variables = field<std::vector<std::string>>(r, "variables");
    if (recording.astrocytes >= image.astrocytes.size() ||
        recording.interval == 0)
      throw RuntimeError("an astrocyte recording has a bad population or "
                         "interval");
    const models::AstrocyteModelInfo &info =
        models::astrocyteModel(image.astrocytes[recording.astrocytes].kind);
    for (const std::string &variable : recording.variables)
      if (!info.findState(variable))
        throw RuntimeError("astrocytes '" +
                           image.astrocytes[recording.astrocytes].name +
                           "' cannot record '" + variable + "'");
    image.astroRecordings.push_back(recording);
  });
}

void readNetwork(const Json &manifest, LoadedImage &image) {
  forEachListed(manifest, "populations", [&](const Json &p) {
    LoadedPopulation population;
    population.name = field<std::string>(p, "name");
    population.size = unsignedField<uint32_t>(p, "size");
    std::string cell = field<std::string>(p, "cell");
    const models::CellTypeInfo *info = models::findCellType(cell);
    if (!info)
      throw RuntimeError("unknown cell type '" + cell + "'");
    population.kind = info->kind;
    image.populations.push_back(population);
  });
  forEachListed(manifest, "recordings", [&](const Json &r) {
    LoadedRecording recording;
    recording.target = readSlice(member(r, "target"), image);
    uint32_t population = recording.target.population;
    recording.interval = unsignedField<uint32_t>(r, "interval");
    const models::CellTypeInfo &info =
        models::cellType(image.populations[population].kind);
    for (const std::string &v :
         field<std::vector<std::string>>(r, "variables")) {
      if (!info.isRecordable(v) || recording.interval == 0)
        throw RuntimeError("population '" + image.populations[population].name +
                           "' cannot record '" + v + "'");
      if (v == "spikes")
        recording.spikes = true;
      else
        recording.states.push_back(v);
    }
    image.recordings.push_back(recording);
  });
  readProjections(manifest, image);
  readCams(manifest, image);
  readAstrocytes(manifest, image);
}

LoadedCore readCore(const std::filesystem::path &dir, const Json &c,
                    const LoadedImage &image) {
  LoadedCore core;
  core.place.x = unsignedField<uint32_t>(c, "x");
  core.place.y = unsignedField<uint32_t>(c, "y");
  core.place.p = unsignedField<uint32_t>(c, "p");
  core.place.population = unsignedField<uint32_t>(c, "population");
  core.place.lo = unsignedField<uint32_t>(c, "lo");
  core.place.hi = unsignedField<uint32_t>(c, "hi");
  core.place.key = unsignedField<uint32_t>(c, "key");
  core.place.mask = unsignedField<uint32_t>(c, "mask");
  core.place.sends = field<bool>(c, "sends");
  core.place.astrocytes = field<bool>(c, "astrocytes");
  core.file = field<std::string>(c, "file");
  core.dtcmBytes = unsignedField<uint64_t>(c, "dtcm_bytes");
  core.sdramBytes = unsignedField<uint64_t>(c, "sdram_bytes");
  size_t groups = core.place.astrocytes ? image.astrocytes.size()
                                         : image.populations.size();
  if (core.place.population >= groups || core.place.lo >= core.place.hi ||
      core.place.hi > (core.place.astrocytes
                           ? image.astrocytes[core.place.population].size
                           : image.populations[core.place.population].size) ||
      core.place.p > 25)
    throw RuntimeError("core " + core.file +
                       " has an invalid population, slice or core number");
  if (core.dtcmBytes > image.machine.dtcmBytes)
    throw RuntimeError(core.file + " needs " + std::to_string(core.dtcmBytes) +
                       " bytes of DTCM, a core of machine '" +
                       image.machine.name + "' has " +
                       std::to_string(image.machine.dtcmBytes));
  core.blob = readListed(dir, c);
  core.regions = readRegions(core.blob, core.file);
  if (uint64_t regions = image::regionDtcmBytes(core.regions);
      regions > core.dtcmBytes)
    throw RuntimeError(
        core.file + ": its regions take " + std::to_string(regions) +
        " bytes of DTCM, more than the " + std::to_string(core.dtcmBytes) +
        " the manifest gives the core");
  if (core.regions[uint32_t(Region::SynapticMatrix)].size > core.sdramBytes)
    throw RuntimeError(core.file + ": synaptic matrix larger than its "
                                   "declared SDRAM");
  return core;
}

void checkSdram(const LoadedImage &image) {
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> perChip;
  for (const LoadedCore &core : image.cores)
    perChip[{core.place.x, core.place.y}] += core.sdramBytes;
  for (const auto &[chip, bytes] : perChip)
    if (bytes > image.machine.sdramBytesPerChip)
      throw RuntimeError("chip (" + std::to_string(chip.first) + ", " +
                         std::to_string(chip.second) + ") needs " +
                         std::to_string(bytes) +
                         " bytes of SDRAM for its cores, it has " +
                         std::to_string(image.machine.sdramBytesPerChip));
}

/// Each population's (and astrocyte population's) cores hold its neurons
/// once each: a manifest whose slices leave a gap or overlap describes
/// neurons no core updates, or two that do.
void checkSlicesTile(const LoadedImage &image) {
  std::map<std::pair<bool, uint32_t>,
           std::vector<std::pair<uint32_t, uint32_t>>>
      slices; // (astrocytes?, population) -> [lo, hi)
  for (const LoadedCore &core : image.cores)
    slices[{core.place.astrocytes, core.place.population}].push_back(
        {core.place.lo, core.place.hi});
  auto check = [&](bool astrocytes, uint32_t p, const std::string &name,
                   uint32_t size) {
    std::vector<std::pair<uint32_t, uint32_t>> &held = slices[{astrocytes, p}];
    std::sort(held.begin(), held.end());
    uint32_t next = 0;
    for (auto [lo, hi] : held) {
      if (lo != next)
        break;
      next = hi;
    }
    if (next != size)
      throw RuntimeError(
          "manifest: the cores of " +
          std::string(astrocytes ? "astrocytes '" : "population '") + name +
          "' do not hold each of its " + std::to_string(size) +
          " neurons once");
  };
  for (uint32_t p = 0; p < image.populations.size(); ++p)
    check(false, p, image.populations[p].name, image.populations[p].size);
  for (uint32_t a = 0; a < image.astrocytes.size(); ++a)
    check(true, a, image.astrocytes[a].name, image.astrocytes[a].size);
}

void readManifest(const std::filesystem::path &dir, const Json &manifest,
                  LoadedImage &image) {
  if (manifest.value("format", "") != "glia-image")
    throw RuntimeError("manifest.json is not a glia board image manifest");
  uint32_t version = unsignedField<uint32_t>(manifest, "version");
  if (version != kImageFormatVersion)
    throw RuntimeError("image format version " + std::to_string(version) +
                       " is not supported (this glia reads version " +
                       std::to_string(kImageFormatVersion) +
                       "); re-create the image with this glia");
  withContext("manifest: ", [&] {
    image.network = field<std::string>(manifest, "network");
    image.timestep = field<double>(manifest, "timestep_ms");
    if (!(image.timestep > 0))
      throw RuntimeError("timestep_ms must be positive");
    if (!member(manifest, "duration_ms").is_null())
      image.duration = field<double>(manifest, "duration_ms");
    image.buildSaturations =
        unsignedField<uint64_t>(manifest, "build_saturations");
  });
  withContext("manifest: machine: ", [&] {
    image.machine = readMachine(member(manifest, "machine"));
  });
  readNetwork(manifest, image);
  forEachListed(manifest, "cores", [&](const Json &c) {
    image.cores.push_back(readCore(dir, c, image));
  });
  checkSdram(image);
  checkSlicesTile(image);
  std::set<std::pair<uint32_t, uint32_t>> chipsWithTables;
  forEachListed(manifest, "tables", [&](const Json &t) {
    std::vector<uint8_t> bytes = readListed(dir, t);
    std::string file = field<std::string>(t, "file");
    ImageTable table = decodeTableFile(bytes, file);
    table.uncompressed = unsignedField<uint32_t>(t, "uncompressed");
    if (table.entries.size() > image.machine.routerEntries)
      throw RuntimeError(file + " holds " +
                         std::to_string(table.entries.size()) +
                         " entries, the router holds " +
                         std::to_string(image.machine.routerEntries));
    // A set, not a scan of the tables so far: a machine has up to 65,536
    // chips.
    if (!chipsWithTables.insert({table.x, table.y}).second)
      throw RuntimeError("a second routing table for chip (" +
                         std::to_string(table.x) + ", " +
                         std::to_string(table.y) + ")");
    image.tables.push_back(std::move(table));
  });
}

} // namespace

CoreContents describeCore(const LoadedCore &core) {
  auto region = [&](Region r) {
    const RegionInfo &info = core.regions[uint32_t(r)];
    return image::ByteReader(core.blob.data() + info.offset, info.size,
                             core.file + " (" + regionName(r) + ")");
  };
  CoreContents contents;
  contents.masterEntries = region(Region::MasterPopTable).u32();
  contents.plasticProjections = region(Region::Plasticity).u32();
  auto matrix = region(Region::SynapticMatrix);
  contents.rowBlocks = matrix.u32();
  std::vector<image::RowBlock> blocks;
  for (uint32_t b = 0; b < contents.rowBlocks; ++b)
    blocks.push_back(matrix.pod<image::RowBlock>());
  std::vector<uint32_t> words = matrix.array<uint32_t>(matrix.u32());
  for (const image::RowBlock &block : blocks) {
    if (uint64_t(block.indexWord) + block.rowCount >= words.size())
      matrix.fail();
    for (uint32_t r = 0; r < block.rowCount; ++r) {
      uint32_t row = words[block.indexWord + r];
      if (row >= words.size())
        matrix.fail();
      contents.synapses += words[row];
    }
    contents.rows += block.rowCount;
  }
  auto astro = region(Region::Astrocytes);
  if (core.place.astrocytes) {
    astro.u32(); // population size
    contents.listens = astro.u32();
  } else {
    contents.payloadEntries = astro.u32();
    astro.array<image::PayloadEntry>(contents.payloadEntries);
    astro.array<uint32_t>(2 * uint64_t(astro.u32())); // populations
    contents.couplings = astro.u32();
  }
  return contents;
}

LoadedImage loadImage(const std::string &directory) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
                "core blobs are little endian, as the board is");
  namespace fs = std::filesystem;
  fs::path dir(directory);
  if (!fs::is_directory(dir))
    throw RuntimeError("'" + directory + "' is not an image directory");
  if (fs::is_regular_file(dir / "image" / "manifest.json"))
    dir /= "image"; // the compile output directory was given
  LoadedImage image;
  image.directory = dir.string();
  std::vector<uint8_t> text = readWholeFile((dir / "manifest.json").string());
  try {
    Json manifest = Json::parse(text.begin(), text.end());
    readManifest(dir, manifest, image);
  } catch (const Json::exception &error) {
    throw RuntimeError((dir / "manifest.json").string() + ": " + error.what());
  }
  return image;
}

} // namespace glia::runtime
