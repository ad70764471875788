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
#include <limits>

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

template <typename T>
std::vector<uint8_t> npyOf(const std::vector<T> &values,
                           const std::vector<uint64_t> &shape) {
  static_assert(sizeof(T) == 8, "only 8-byte elements are written");
  const char *descr = std::is_floating_point_v<T> ? "<f8" : "<i8";
  return makeNpy(descr, shape, values.data(), values.size() * sizeof(T));
}

/// .npy: all recorded spikes as an (n, 3) float64 array of rows
/// (population index, neuron, time in ms).
std::vector<uint8_t> spikesAsNpy(const RunResult &result) {
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
  return npyOf(rows, {rows.size() / 3, 3});
}

/// .npz: per recording `<label>.spikes_times` (ms), `<label>.spikes_neurons`
/// (population indices), and per state variable `<label>.<var>` (samples x
/// neurons) with `<label>.<var>_times`.
std::vector<ZipEntry> recordingsAsNpz(const RunResult &result) {
  std::vector<ZipEntry> entries;
  std::vector<std::string> labels;
  for (const RecordingResult &recording : result.recordings) {
    std::string label = labelOf(recording);
    // The same slice recorded twice: keep both, numbered.
    size_t repeats = std::count(labels.begin(), labels.end(), label);
    labels.push_back(label);
    if (repeats)
      label += "#" + std::to_string(repeats + 1);
    if (recording.hasSpikes) {
      std::vector<double> times;
      std::vector<int64_t> neurons;
      times.reserve(recording.spikes.steps.size());
      neurons.reserve(recording.spikes.steps.size());
      for (size_t s = 0; s < recording.spikes.steps.size(); ++s) {
        times.push_back(double(recording.spikes.steps[s]) * result.timestep);
        neurons.push_back(recording.target.start + recording.spikes.neurons[s]);
      }
      entries.push_back(
          {label + ".spikes_times.npy", npyOf(times, {times.size()})});
      entries.push_back(
          {label + ".spikes_neurons.npy", npyOf(neurons, {neurons.size()})});
    }
    for (const StateRecording &state : recording.states) {
      std::vector<double> times;
      for (uint64_t row = 0; row < state.samples; ++row)
        times.push_back(double(row * state.interval) * result.timestep);
      entries.push_back(
          {label + "." + state.variable + ".npy",
           npyOf(state.values, {state.samples, recording.target.size})});
      entries.push_back({label + "." + state.variable + "_times.npy",
                         npyOf(times, {times.size()})});
    }
  }
  return entries;
}

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

std::vector<uint8_t> makeNpy(const std::string &descr,
                             const std::vector<uint64_t> &shape,
                             const void *data, size_t bytes) {
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
  const auto *raw = static_cast<const uint8_t *>(data);
  out.insert(out.end(), raw, raw + bytes);
  return out;
}

std::vector<uint8_t> makeStoredZip(const std::vector<ZipEntry> &entries) {
  constexpr uint32_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  if (entries.size() > 0xffff)
    throw RuntimeError("too many arrays for a .npz file (at most 65535)");
  std::vector<uint8_t> out, directory;
  size_t total = 0; // reserved at once: the spikes can be tens of MB
  for (const ZipEntry &entry : entries)
    total += entry.data.size() + 30 + entry.name.size();
  out.reserve(total);
  for (const ZipEntry &entry : entries) {
    if (entry.data.size() >= 0xffffffffu || out.size() >= 0xffffffffu)
      throw RuntimeError("recordings too large for a .npz file (4 GiB); "
                         "write .csv instead");
    uint32_t crc = uint32_t(
        crc32_z(0, entry.data.data(), z_size_t(entry.data.size())));
    uint32_t offset = uint32_t(out.size());
    uint32_t size = uint32_t(entry.data.size());
    auto common = [&](std::vector<uint8_t> &header) {
      put16(header, 20);       // version needed: 2.0
      put16(header, 0);        // flags
      put16(header, 0);        // method: stored
      put16(header, 0);        // time
      put16(header, kDosDate); // date
      put32(header, crc);
      put32(header, size); // compressed size
      put32(header, size); // uncompressed size
      put16(header, uint32_t(entry.name.size()));
      put16(header, 0); // extra field length
    };
    put32(out, 0x04034b50);
    common(out);
    out.insert(out.end(), entry.name.begin(), entry.name.end());
    out.insert(out.end(), entry.data.begin(), entry.data.end());

    put32(directory, 0x02014b50);
    put16(directory, 20); // version made by
    common(directory);
    put16(directory, 0); // comment length
    put16(directory, 0); // disk number
    put16(directory, 0); // internal attributes
    put32(directory, 0); // external attributes
    put32(directory, offset);
    directory.insert(directory.end(), entry.name.begin(), entry.name.end());
  }
  if (out.size() + directory.size() >= 0xffffffffu)
    throw RuntimeError("recordings too large for a .npz file (4 GiB); "
                       "write .csv instead");
  uint32_t directoryOffset = uint32_t(out.size());
  out.insert(out.end(), directory.begin(), directory.end());
  put32(out, 0x06054b50);
  put16(out, 0); // this disk
  put16(out, 0); // disk with the directory
  put16(out, uint32_t(entries.size()));
  put16(out, uint32_t(entries.size()));
  put32(out, uint32_t(directory.size()));
  put32(out, directoryOffset);
  put16(out, 0); // comment length
  return out;
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
    std::vector<uint8_t> bytes = spikesAsNpy(result);
    return writeFileAtomically(
        path, [&](std::ostream &out) { writeBytes(out, bytes); });
  }
  case OutputFormat::Npz: {
    std::vector<uint8_t> bytes = makeStoredZip(recordingsAsNpz(result));
    return writeFileAtomically(
        path, [&](std::ostream &out) { writeBytes(out, bytes); });
  }
  }
}

} // namespace glia::runtime
