//===- Output.cpp - writing recorded spikes and state ---------------------===//
//
// The .npz writer is our own (stored zip, no compression; zip64 where the
// sizes need it): it needs no extra dependency, writes straight from the
// recordings, and np.load reads it like the output of np.savez.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/Output.h"
#include "glia/Runtime/AtomicFile.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <type_traits>

namespace glia::runtime {

namespace {

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// How a recording is named in .npz keys: the population, or
/// `population[start:stop]` when only a slice is recorded.
std::string labelOf(const RecordingResult &recording) {
  const Slice &slice = recording.target;
  if (slice.start == 0 && slice.size == recording.populationSize)
    return recording.population;
  return recording.population + "[" + std::to_string(slice.start) + ":" +
         std::to_string(slice.start + slice.size) + "]";
}

/// A label as part of a .npz member name: '/' and '\\' would make the
/// member a path that an unzip tool follows out of its directory (a label
/// "../x" wrote "../x.v.npy"), and control characters are no name; each
/// becomes '_'.
std::string memberLabel(std::string label) {
  for (char &c : label)
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      c = '_';
  return label;
}

/// A CSV field: as is, or quoted (RFC 4180) when it holds a comma, a
/// quote or a line break, as a label may.
std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"')
      quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

/// Shortest text that reads back as the same double.
std::string formatNumber(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : "nan";
}

/// A time stamp step·dt in ms, printed to 12 significant digits so that
/// 23 steps of 0.1 ms read 2.3, not 2.3000000000000003.
std::string formatTime(double steps, double timestep) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.12g", steps * timestep);
  return buffer;
}

void writeCsv(const RunResult &result, std::ostream &out) {
  out << "population,variable,neuron,time_ms,value\n";
  for (const RecordingResult &recording : result.recordings) {
    std::string population = csvField(recording.population);
    const SpikeRecording &spikes = recording.spikes;
    for (size_t s = 0; s < spikes.steps.size(); ++s)
      out << population << ",spikes,"
          << recording.target.start + spikes.neurons[s] << ","
          << formatTime(double(spikes.steps[s]), result.timestep) << ",\n";
    for (const StateRecording &state : recording.states)
      for (uint64_t row = 0; row < state.samples; ++row) {
        std::string time =
            formatTime(double(row * state.interval), result.timestep);
        for (uint32_t i = 0; i < recording.target.size; ++i)
          out << population << "," << csvField(state.variable) << ","
              << recording.target.start + i << "," << time << ","
              << formatNumber(state.values[row * recording.target.size + i])
              << "\n";
      }
  }
}

void writeWeightsCsv(const std::vector<SynapseWeights> &tables,
                     std::ostream &out) {
  out << "projection,pre,post,weight\n";
  for (const SynapseWeights &table : tables) {
    std::string projection = csvField(table.projection);
    for (size_t s = 0; s < table.weights.size(); ++s)
      out << projection << "," << table.pre[s] << "," << table.post[s] << ","
          << formatNumber(table.weights[s]) << "\n";
  }
}

/// Passes value(i) for i in [0, count), as `Out`, to `sink` 32 KiB at a
/// time: arrays converted for a file are never held whole.
template <typename Out, typename Value>
void produceConverted(const ByteSink &sink, size_t count, Value &&value) {
  constexpr size_t kChunk = (size_t(32) << 10) / sizeof(Out);
  Out chunk[kChunk];
  for (size_t first = 0; first < count; first += kChunk) {
    size_t size = std::min(kChunk, count - first);
    for (size_t i = 0; i < size; ++i)
      chunk[i] = value(first + i);
    sink(chunk, size * sizeof(Out));
  }
}

void checkSpikesOnly(const RunResult &result) {
  for (const RecordingResult &recording : result.recordings)
    if (!recording.states.empty())
      throw RuntimeError("a .npy file holds one array (the spikes); state "
                         "variables were recorded: write .npz or .csv");
}

/// A row of the .npy file's (n, 3) float64 array of spikes.
struct SpikeRow {
  double population, neuron, timeMs;
};
static_assert(sizeof(SpikeRow) == 3 * sizeof(double), "rows are packed");

/// .npy: all recorded spikes, row after row.
void produceSpikeRows(const RunResult &result, const ByteSink &sink) {
  for (const RecordingResult &recording : result.recordings) {
    const SpikeRecording &spikes = recording.spikes;
    produceConverted<SpikeRow>(sink, spikes.steps.size(), [&](size_t s) {
      return SpikeRow{double(recording.target.population),
                      double(recording.target.start + spikes.neurons[s]),
                      double(spikes.steps[s]) * result.timestep};
    });
  }
}

/// The members of a .npz file: per recording `<label>.spikes_times` (ms),
/// `<label>.spikes_neurons` (population indices), and per state variable
/// `<label>.<var>` (samples x neurons, straight from the result) with
/// `<label>.<var>_times`. They read the result, which must outlive them.
class NpzMembers {
public:
  NpzMembers(const NpzMembers &) = delete; // entries point into headers
  NpzMembers &operator=(const NpzMembers &) = delete;

  /// The recordings of `result`.
  explicit NpzMembers(const RunResult &result) {
    std::vector<std::string> labels;
    for (const RecordingResult &recording : result.recordings) {
      std::string label = memberLabel(labelOf(recording));
      // The same slice recorded twice (or two labels that read alike as
      // member names): keep both, numbered.
      size_t repeats = std::count(labels.begin(), labels.end(), label);
      labels.push_back(label);
      if (repeats)
        label += "#" + std::to_string(repeats + 1);
      if (recording.hasSpikes)
        addSpikes(label, recording, result.timestep);
      for (const StateRecording &state : recording.states)
        addState(label, recording, state, result.timestep);
    }
  }

  /// The plastic projections' weights (writeWeights).
  explicit NpzMembers(const std::vector<SynapseWeights> &tables) {
    for (const SynapseWeights &table : tables) {
      size_t count = table.weights.size();
      std::string name = memberLabel(table.projection);
      add<int64_t>(name + ".pre.npy", {count},
                   [&table](size_t i) { return int64_t(table.pre[i]); });
      add<int64_t>(name + ".post.npy", {count},
                   [&table](size_t i) { return int64_t(table.post[i]); });
      add<double>(name + ".weight.npy", {count},
                  [&table](size_t i) { return table.weights[i]; });
    }
  }

  const std::vector<ZipEntry> &entries() const { return members; }

private:
  void addSpikes(const std::string &label, const RecordingResult &recording,
                 double timestep) {
    const SpikeRecording &spikes = recording.spikes;
    size_t count = spikes.steps.size();
    add<double>(label + ".spikes_times.npy", {count},
                [&spikes, timestep](size_t i) {
                  return double(spikes.steps[i]) * timestep;
                });
    uint32_t start = recording.target.start;
    add<int64_t>(label + ".spikes_neurons.npy", {count},
                 [&spikes, start](size_t i) {
                   return int64_t(start) + spikes.neurons[i];
                 });
  }

  void addState(const std::string &label, const RecordingResult &recording,
                const StateRecording &state, double timestep) {
    const std::vector<double> &values = state.values;
    addArray(label + "." + state.variable + ".npy", "<f8",
             {state.samples, recording.target.size},
             values.size() * sizeof(double), [&values](const ByteSink &sink) {
               sink(values.data(), values.size() * sizeof(double));
             });
    uint64_t interval = state.interval;
    add<double>(label + "." + state.variable + "_times.npy", {state.samples},
                [interval, timestep](size_t i) {
                  return double(i * interval) * timestep;
                });
  }

  /// A member holding an array of `T` of `shape` whose element i is
  /// value(i).
  template <typename T, typename Value>
  void add(std::string name, const std::vector<uint64_t> &shape, Value value) {
    static_assert(sizeof(T) == 8, "only 8-byte elements are written");
    uint64_t count = 1;
    for (uint64_t extent : shape)
      count *= extent;
    addArray(std::move(name), std::is_floating_point_v<T> ? "<f8" : "<i8",
             shape, count * sizeof(T), [count, value](const ByteSink &sink) {
               produceConverted<T>(sink, count, value);
             });
  }

  /// A member holding an .npy array: its header, then the `bytes` that
  /// `produceData` gives.
  void addArray(std::string name, const char *descr,
                const std::vector<uint64_t> &shape, uint64_t bytes,
                std::function<void(const ByteSink &)> produceData) {
    const std::vector<uint8_t> &header =
        headers.emplace_back(npyHeader(descr, shape));
    members.push_back({std::move(name), header.size() + bytes,
                       [&header, produceData](const ByteSink &sink) {
                         sink(header.data(), header.size());
                         produceData(sink);
                       }});
  }

  std::vector<ZipEntry> members;
  // A deque: members point into it, and appending moves no element.
  std::deque<std::vector<uint8_t>> headers;
};

void writeBytes(std::ostream &out, const std::vector<uint8_t> &bytes) {
  out.write(reinterpret_cast<const char *>(bytes.data()),
            std::streamsize(bytes.size()));
}

ByteSink sinkInto(std::ostream &out) {
  return [&out](const void *data, size_t bytes) {
    out.write(static_cast<const char *>(data), std::streamsize(bytes));
  };
}

void put16(std::vector<uint8_t> &out, uint32_t value) {
  out.push_back(uint8_t(value));
  out.push_back(uint8_t(value >> 8));
}

void put32(std::vector<uint8_t> &out, uint32_t value) {
  put16(out, value & 0xffff);
  put16(out, value >> 16);
}

void put64(std::vector<uint8_t> &out, uint64_t value) {
  put32(out, uint32_t(value));
  put32(out, uint32_t(value >> 32));
}

constexpr uint32_t kAllOnes32 = 0xffffffffu;
constexpr uint32_t kAllOnes16 = 0xffff;

/// Runs a member's producer into `sink`, checking that it gives the bytes
/// it declared (it runs twice; an archive whose sizes lie is corrupt).
void produceChecked(const ZipEntry &entry, const ByteSink &sink) {
  uint64_t produced = 0;
  entry.produce([&](const void *data, size_t bytes) {
    produced += bytes;
    sink(data, bytes);
  });
  if (produced != entry.bytes)
    throw RuntimeError("zip member '" + entry.name + "' has " +
                       std::to_string(produced) + " bytes, not the " +
                       std::to_string(entry.bytes) + " it declared");
}

uint32_t crcOf(const ZipEntry &entry) {
  uint32_t crc = uint32_t(crc32_z(0, nullptr, 0));
  produceChecked(entry, [&](const void *data, size_t bytes) {
    if (bytes) // zlib answers 0, not crc, for a null buffer
      crc = uint32_t(
          crc32_z(crc, static_cast<const Bytef *>(data), z_size_t(bytes)));
  });
  return crc;
}

} // namespace

std::vector<uint8_t> npyHeader(const std::string &descr,
                               const std::vector<uint64_t> &shape) {
  std::string dims;
  for (uint64_t extent : shape)
    dims += std::to_string(extent) + ", ";
  if (shape.size() > 1)
    dims.resize(dims.size() - 2); // (n,) for one dimension, (n, m) otherwise
  else
    dims.pop_back();
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + length (2) + header, padded to 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  put16(out, uint32_t(header.size()));
  out.insert(out.end(), header.begin(), header.end());
  return out;
}

void writeStoredZip(std::ostream &out, const std::vector<ZipEntry> &entries,
                    const ZipLimits &limits) {
  constexpr uint32_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  std::vector<uint8_t> header, directory;
  uint64_t offset = 0;
  for (const ZipEntry &entry : entries) {
    uint32_t crc = crcOf(entry);
    // Sizes of 4 GiB or more, and offsets past 4 GiB, go in a zip64 extra
    // field (id 1), with all ones in the 32-bit fields.
    bool largeSize = entry.bytes >= limits.size;
    bool farOffset = offset >= limits.offset;
    bool zip64 = largeSize || farOffset;
    auto common = [&](std::vector<uint8_t> &record, uint16_t extraBytes) {
      put16(record, zip64 ? 45 : 20); // version needed: 4.5 for zip64
      put16(record, 0);               // flags
      put16(record, 0);               // method: stored
      put16(record, 0);               // time
      put16(record, kDosDate);        // date
      put32(record, crc);
      uint32_t size = largeSize ? kAllOnes32 : uint32_t(entry.bytes);
      put32(record, size); // compressed size
      put32(record, size); // uncompressed size
      put16(record, uint32_t(entry.name.size()));
      put16(record, extraBytes);
    };
    // The local header's zip64 field holds both sizes.
    header.clear();
    put32(header, 0x04034b50);
    common(header, largeSize ? 20 : 0);
    header.insert(header.end(), entry.name.begin(), entry.name.end());
    if (largeSize) {
      put16(header, 1);
      put16(header, 16);
      put64(header, entry.bytes);
      put64(header, entry.bytes);
    }
    writeBytes(out, header);
    produceChecked(entry, sinkInto(out));
    // The directory's holds, in order, the sizes and the offset that did
    // not fit.
    uint16_t zip64Bytes = (largeSize ? 16 : 0) + (farOffset ? 8 : 0);
    put32(directory, 0x02014b50);
    put16(directory, zip64 ? 45 : 20); // version made by
    common(directory, zip64 ? 4 + zip64Bytes : 0);
    put16(directory, 0); // comment length
    put16(directory, 0); // disk number
    put16(directory, 0); // internal attributes
    put32(directory, 0); // external attributes
    put32(directory, farOffset ? kAllOnes32 : uint32_t(offset));
    directory.insert(directory.end(), entry.name.begin(), entry.name.end());
    if (zip64) {
      put16(directory, 1);
      put16(directory, zip64Bytes);
      if (largeSize) {
        put64(directory, entry.bytes);
        put64(directory, entry.bytes);
      }
      if (farOffset)
        put64(directory, offset);
    }
    offset += header.size() + entry.bytes;
  }
  uint64_t count = entries.size(), directoryOffset = offset;
  uint64_t directorySize = directory.size();
  std::vector<uint8_t> end;
  // The classic end record holds each value, or all ones where zip64's
  // record holds it (all ones would read as that mark).
  bool manyMembers = count >= limits.count;
  bool farDirectory = directoryOffset >= limits.offset;
  bool largeDirectory = directorySize >= limits.size;
  if (manyMembers || farDirectory || largeDirectory) {
    // zip64's end of central directory record, and the locator that
    // points to it.
    put32(end, 0x06064b50);
    put64(end, 44); // the record's size after this field
    put16(end, 45); // version made by
    put16(end, 45); // version needed
    put32(end, 0);  // this disk
    put32(end, 0);  // disk with the directory
    put64(end, count);
    put64(end, count);
    put64(end, directorySize);
    put64(end, directoryOffset);
    put32(end, 0x07064b50);
    put32(end, 0); // disk with the zip64 record
    put64(end, directoryOffset + directorySize);
    put32(end, 1); // disks
  }
  put32(end, 0x06054b50);
  put16(end, 0); // this disk
  put16(end, 0); // disk with the directory
  uint32_t countField = manyMembers ? kAllOnes16 : uint32_t(count);
  put16(end, countField);
  put16(end, countField);
  put32(end, largeDirectory ? kAllOnes32 : uint32_t(directorySize));
  put32(end, farDirectory ? kAllOnes32 : uint32_t(directoryOffset));
  put16(end, 0); // comment length
  writeBytes(out, directory);
  writeBytes(out, end);
}

/// The format `path` names by its extension, or nullopt.
static std::optional<OutputFormat> formatByExtension(const std::string &path) {
  if (endsWith(path, ".csv"))
    return OutputFormat::Csv;
  if (endsWith(path, ".npy"))
    return OutputFormat::Npy;
  if (endsWith(path, ".npz"))
    return OutputFormat::Npz;
  return std::nullopt;
}

OutputFormat recordingsFormat(const std::string &path) {
  std::optional<OutputFormat> format = formatByExtension(path);
  if (!format)
    throw RuntimeError("cannot tell the output format of '" + path +
                       "': use a .csv, .npy or .npz file name");
  return *format;
}

OutputFormat weightsFormat(const std::string &path) {
  std::optional<OutputFormat> format = formatByExtension(path);
  if (!format || format == OutputFormat::Npy)
    throw RuntimeError("cannot tell the format of the weights file '" + path +
                       "': use a .csv or .npz file name");
  return *format;
}

void writeWeights(const RunResult &result, const std::string &path) {
  if (weightsFormat(path) == OutputFormat::Csv)
    return writeFileAtomically(path, [&](std::ostream &out) {
      writeWeightsCsv(result.plasticWeights, out);
    });
  NpzMembers members(result.plasticWeights);
  writeFileAtomically(
      path, [&](std::ostream &out) { writeStoredZip(out, members.entries()); });
}

void writeRecordings(const RunResult &result, const std::string &path) {
  switch (recordingsFormat(path)) {
  case OutputFormat::Csv:
    return writeFileAtomically(
        path, [&](std::ostream &out) { writeCsv(result, out); });
  case OutputFormat::Npy: {
    checkSpikesOnly(result);
    uint64_t rows = 0;
    for (const RecordingResult &recording : result.recordings)
      rows += recording.spikes.steps.size();
    std::vector<uint8_t> header = npyHeader("<f8", {rows, 3});
    return writeFileAtomically(path, [&](std::ostream &out) {
      writeBytes(out, header);
      produceSpikeRows(result, sinkInto(out));
    });
  }
  case OutputFormat::Npz: {
    NpzMembers members(result);
    return writeFileAtomically(path, [&](std::ostream &out) {
      writeStoredZip(out, members.entries());
    });
  }
  }
}

} // namespace glia::runtime
