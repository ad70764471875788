//===- Output.cpp - writing recorded spikes and state ---------------------===//
//
// The .npz writer is our own (stored zip, no compression, no zip64): it is
// a few dozen lines, needs no extra dependency, and np.load reads it like
// the output of np.savez.
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
    const SpikeRecording &spikes = recording.spikes;
    for (size_t s = 0; s < spikes.steps.size(); ++s)
      out << recording.population << ",spikes,"
          << recording.target.start + spikes.neurons[s] << ","
          << formatTime(double(spikes.steps[s]), result.timestep) << ",\n";
    for (const StateRecording &state : recording.states)
      for (uint64_t row = 0; row < state.samples; ++row) {
        std::string time =
            formatTime(double(row * state.interval), result.timestep);
        for (uint32_t i = 0; i < recording.target.size; ++i)
          out << recording.population << "," << state.variable << ","
              << recording.target.start + i << "," << time << ","
              << formatNumber(state.values[row * recording.target.size + i])
              << "\n";
      }
  }
}

/// .npy: all recorded spikes as an (n, 3) float64 array of rows
/// (population index, neuron, time in ms), row after row.
std::vector<double> spikeRows(const RunResult &result) {
  std::vector<double> rows;
  for (const RecordingResult &recording : result.recordings) {
    if (!recording.states.empty())
      throw RuntimeError("a .npy file holds one array (the spikes); state "
                         "variables were recorded: write .npz or .csv");
    const SpikeRecording &spikes = recording.spikes;
    for (size_t s = 0; s < spikes.steps.size(); ++s) {
      rows.push_back(double(recording.target.population));
      rows.push_back(double(recording.target.start + spikes.neurons[s]));
      rows.push_back(double(spikes.steps[s]) * result.timestep);
    }
  }
  return rows;
}

/// The members of a .npz file and the arrays they point into: per
/// recording `<label>.spikes_times` (ms), `<label>.spikes_neurons`
/// (population indices), and per state variable `<label>.<var>` (samples x
/// neurons, straight from the result) with `<label>.<var>_times`.
class NpzMembers {
public:
  explicit NpzMembers(const RunResult &result) {
    std::vector<std::string> labels;
    for (const RecordingResult &recording : result.recordings) {
      std::string label = labelOf(recording);
      // The same slice recorded twice: keep both, numbered.
      size_t repeats = std::count(labels.begin(), labels.end(), label);
      labels.push_back(label);
      if (repeats)
        label += "#" + std::to_string(repeats + 1);
      if (recording.hasSpikes)
        addSpikes(label, recording, result.timestep);
      for (const StateRecording &state : recording.states) {
        add(label + "." + state.variable + ".npy", state.values,
            {state.samples, recording.target.size});
        std::vector<double> &times = reals.emplace_back();
        for (uint64_t row = 0; row < state.samples; ++row)
          times.push_back(double(row * state.interval) * result.timestep);
        add(label + "." + state.variable + "_times.npy", times, {times.size()});
      }
    }
  }
  const std::vector<ZipEntry> &entries() const { return members; }

private:
  void addSpikes(const std::string &label, const RecordingResult &recording,
                 double timestep) {
    const SpikeRecording &spikes = recording.spikes;
    std::vector<double> &times = reals.emplace_back();
    std::vector<int64_t> &neurons = integers.emplace_back();
    times.reserve(spikes.steps.size());
    neurons.reserve(spikes.steps.size());
    for (size_t s = 0; s < spikes.steps.size(); ++s) {
      times.push_back(double(spikes.steps[s]) * timestep);
      neurons.push_back(recording.target.start + spikes.neurons[s]);
    }
    add(label + ".spikes_times.npy", times, {times.size()});
    add(label + ".spikes_neurons.npy", neurons, {neurons.size()});
  }

  template <typename T>
  void add(std::string name, const std::vector<T> &values,
           const std::vector<uint64_t> &shape) {
    static_assert(sizeof(T) == 8, "only 8-byte elements are written");
    const std::vector<uint8_t> &header = headers.emplace_back(
        npyHeader(std::is_floating_point_v<T> ? "<f8" : "<i8", shape));
    members.push_back({std::move(name),
                       {{header.data(), header.size()},
                        {values.data(), values.size() * sizeof(T)}}});
  }

  std::vector<ZipEntry> members;
  // Deques: members point into them, and appending moves no element.
  std::deque<std::vector<uint8_t>> headers;
  std::deque<std::vector<double>> reals;
  std::deque<std::vector<int64_t>> integers;
};

void writeBytes(std::ostream &out, const std::vector<uint8_t> &bytes) {
  out.write(reinterpret_cast<const char *>(bytes.data()),
            std::streamsize(bytes.size()));
}

void put16(std::vector<uint8_t> &out, uint32_t value) {
  out.push_back(uint8_t(value));
  out.push_back(uint8_t(value >> 8));
}

void put32(std::vector<uint8_t> &out, uint32_t value) {
  put16(out, value & 0xffff);
  put16(out, value >> 16);
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

void writeStoredZip(std::ostream &out, const std::vector<ZipEntry> &entries) {
  constexpr uint32_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  constexpr uint64_t kZip32Limit = 0xffffffffu;
  if (entries.size() > 0xffff)
    throw RuntimeError("too many arrays for a .npz file (at most 65535)");
  auto tooLarge = [] {
    return RuntimeError("recordings too large for a .npz file (4 GiB); "
                        "write .csv instead");
  };
  std::vector<uint8_t> header, directory;
  uint64_t offset = 0;
  for (const ZipEntry &entry : entries) {
    uint64_t size = 0;
    uint32_t crc = 0;
    for (const ZipEntry::Piece &piece : entry.pieces) {
      size += piece.bytes;
      if (piece.bytes == 0) // an empty vector's data() may be null, and
        continue;           // zlib answers 0 for a null buffer, not crc
      crc = uint32_t(crc32_z(crc, static_cast<const Bytef *>(piece.data),
                             z_size_t(piece.bytes)));
    }
    if (size >= kZip32Limit || offset >= kZip32Limit)
      throw tooLarge();
    auto common = [&](std::vector<uint8_t> &record) {
      put16(record, 20);       // version needed: 2.0
      put16(record, 0);        // flags
      put16(record, 0);        // method: stored
      put16(record, 0);        // time
      put16(record, kDosDate); // date
      put32(record, crc);
      put32(record, uint32_t(size)); // compressed size
      put32(record, uint32_t(size)); // uncompressed size
      put16(record, uint32_t(entry.name.size()));
      put16(record, 0); // extra field length
    };
    header.clear();
    put32(header, 0x04034b50);
    common(header);
    header.insert(header.end(), entry.name.begin(), entry.name.end());
    writeBytes(out, header);
    for (const ZipEntry::Piece &piece : entry.pieces)
      out.write(static_cast<const char *>(piece.data),
                std::streamsize(piece.bytes));

    put32(directory, 0x02014b50);
    put16(directory, 20); // version made by
    common(directory);
    put16(directory, 0); // comment length
    put16(directory, 0); // disk number
    put16(directory, 0); // internal attributes
    put32(directory, 0); // external attributes
    put32(directory, uint32_t(offset));
    directory.insert(directory.end(), entry.name.begin(), entry.name.end());
    offset += header.size() + size;
  }
  if (offset + directory.size() >= kZip32Limit)
    throw tooLarge();
  std::vector<uint8_t> end;
  put32(end, 0x06054b50);
  put16(end, 0); // this disk
  put16(end, 0); // disk with the directory
  put16(end, uint32_t(entries.size()));
  put16(end, uint32_t(entries.size()));
  put32(end, uint32_t(directory.size()));
  put32(end, uint32_t(offset));
  put16(end, 0); // comment length
  writeBytes(out, directory);
  writeBytes(out, end);
}

std::optional<OutputFormat> outputFormatFor(const std::string &path) {
  if (endsWith(path, ".csv"))
    return OutputFormat::Csv;
  if (endsWith(path, ".npy"))
    return OutputFormat::Npy;
  if (endsWith(path, ".npz"))
    return OutputFormat::Npz;
  return std::nullopt;
}

void writeRecordings(const RunResult &result, const std::string &path) {
  std::optional<OutputFormat> format = outputFormatFor(path);
  if (!format)
    throw RuntimeError("cannot tell the output format of '" + path +
                       "': use a .csv, .npy or .npz file name");
  switch (*format) {
  case OutputFormat::Csv:
    return writeFileAtomically(
        path, [&](std::ostream &out) { writeCsv(result, out); });
  case OutputFormat::Npy: {
    std::vector<double> rows = spikeRows(result);
    std::vector<uint8_t> header = npyHeader("<f8", {rows.size() / 3, 3});
    return writeFileAtomically(path, [&](std::ostream &out) {
      writeBytes(out, header);
      out.write(reinterpret_cast<const char *>(rows.data()),
                std::streamsize(rows.size() * sizeof(double)));
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
