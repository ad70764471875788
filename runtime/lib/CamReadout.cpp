//===- CamReadout.cpp - what a CAM's output layer says --------------------===//

#include "glia/Runtime/CamReadout.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace glia::cam {

const char *kindName(Operation::Kind kind) {
  switch (kind) {
  case Operation::Learn:
    return "learn";
  case Operation::RecallCue:
    return "recall_by_cue";
  case Operation::RecallContent:
    return "recall_by_content";
  }
  return "?";
}

std::optional<Operation::Kind> parseKind(std::string_view name) {
  for (Operation::Kind kind :
       {Operation::Learn, Operation::RecallCue, Operation::RecallContent})
    if (name == kindName(kind))
      return kind;
  return std::nullopt;
}

static std::string formatSet(const std::vector<int64_t> &items) {
  std::ostringstream os;
  os << "{";
  for (size_t i = 0; i < items.size(); ++i)
    os << (i ? "," : "") << items[i];
  os << "}";
  return os.str();
}

std::string Answer::describe() const {
  std::ostringstream os;
  os << "t=" << operation.time << " ";
  switch (operation.kind) {
  case Operation::Learn:
    os << "learn cue " << operation.cue << " " << formatSet(operation.bits)
       << " -> output cues " << formatSet(cues) << " bits " << formatSet(bits);
    break;
  case Operation::RecallCue:
    os << "recall cue " << operation.cue << " -> " << formatSet(bits);
    break;
  case Operation::RecallContent:
    os << "recall content " << formatSet(operation.bits) << " -> cues "
       << formatSet(cues);
    break;
  }
  return os.str();
}

std::vector<Answer> decode(const Readout &readout,
                           std::vector<OutputSpike> spikes, double window) {
  // Sorted by time, each operation's window is one contiguous run: the
  // decoding stays O(spikes log spikes) for thousands of operations.
  std::stable_sort(spikes.begin(), spikes.end(),
                   [](const OutputSpike &a, const OutputSpike &b) {
                     return a.time < b.time;
                   });
  auto after = [&](double time) {
    return std::upper_bound(
        spikes.begin(), spikes.end(), time,
        [](double t, const OutputSpike &spike) { return t < spike.time; });
  };
  std::vector<Answer> answers;
  for (size_t k = 0; k < readout.protocol.size(); ++k) {
    const Operation &operation = readout.protocol[k];
    double end = k + 1 < readout.protocol.size() ? readout.protocol[k + 1].time
                                                 : operation.time + window;
    std::set<int64_t> cues, bits;
    // The verifier and the image reader keep the times ascending; should
    // they not be, the window is empty rather than a walk off the end.
    auto first = after(operation.time), last = std::max(first, after(end));
    for (auto it = first; it != last; ++it) {
      if (it->neuron < readout.memories)
        cues.insert(it->neuron);
      else
        bits.insert(it->neuron - readout.memories);
    }
    answers.push_back(
        {operation, {cues.begin(), cues.end()}, {bits.begin(), bits.end()}});
  }
  return answers;
}

std::vector<OutputSpike> outputSpikes(const Readout &readout,
                                      const runtime::RunResult &result) {
  std::vector<OutputSpike> spikes;
  for (const runtime::RecordingResult &recording : result.recordings) {
    if (recording.population != readout.outputPopulation ||
        !recording.hasSpikes)
      continue;
    for (size_t i = 0; i < recording.spikes.steps.size(); ++i)
      spikes.push_back(
          {int64_t(recording.target.start) + recording.spikes.neurons[i],
           double(recording.spikes.steps[i]) * result.timestep});
  }
  return spikes;
}

void describeCams(const std::vector<Readout> &readouts,
                  const runtime::RunResult &result, std::ostream &out) {
  for (const Readout &readout : readouts) {
    out << "cam " << readout.name << " (" << readout.memories << " memories x "
        << readout.bits << " bits):\n";
    for (const Answer &answer : decode(readout, outputSpikes(readout, result)))
      out << "  " << answer.describe() << "\n";
  }
}

} // namespace glia::cam
