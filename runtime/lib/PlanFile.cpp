//===- PlanFile.cpp - reading and writing .plan files ---------------------===//
//
// The payload is CBOR (via nlohmann/json): self-describing, so a reader can
// name the field that is wrong, yet compact, because numeric arrays travel as
// little-endian byte strings instead of one CBOR number per entry.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/PlanFile.h"
#include "JsonFields.h"
#include "glia/Runtime/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

using json = nlohmann::json;

namespace glia::runtime {

uint64_t fnv1a64(const uint8_t *data, size_t size) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= 0x100000001b3ull;
  }
  return hash;
}

namespace {

//===----------------------------------------------------------------------===//
// Little-endian byte strings
//===----------------------------------------------------------------------===//

void putLittleEndian(std::vector<uint8_t> &out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

uint64_t getLittleEndian(const uint8_t *in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i)
    value |= uint64_t(in[i]) << (8 * i);
  return value;
}

template <typename T> uint64_t toBits(T value) {
  if constexpr (std::is_same_v<T, double>) {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
  } else {
    return static_cast<uint64_t>(value);
  }
}

template <typename T> T fromBits(uint64_t bits) {
  if constexpr (std::is_same_v<T, double>) {
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  } else {
    return static_cast<T>(bits);
  }
}

template <typename T> json pack(const std::vector<T> &values) {
  std::vector<uint8_t> bytes;
  bytes.reserve(values.size() * sizeof(T));
  for (T value : values)
    putLittleEndian(bytes, toBits(value), sizeof(T));
  return json::binary(std::move(bytes));
}

template <typename T>
std::vector<T> unpack(const json &node, const char *what) {
  if (!node.is_binary())
    throw RuntimeError(std::string("'") + what + "' must be a byte string");
  const auto &bytes = node.get_binary();
  if (bytes.size() % sizeof(T) != 0)
    throw RuntimeError(std::string("'") + what + "' has a partial entry");
  std::vector<T> values(bytes.size() / sizeof(T));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = fromBits<T>(getLittleEndian(&bytes[i * sizeof(T)], sizeof(T)));
  return values;
}

//===----------------------------------------------------------------------===//
// Names of enumerations
//===----------------------------------------------------------------------===//

constexpr const char *kConnectorNames[] = {
    "all_to_all",       "one_to_one",        "fixed_probability",
    "fixed_number_pre", "fixed_number_post", "from_list"};
constexpr const char *kDependenceNames[] = {"additive", "multiplicative"};
constexpr const char *kStdpRuleNames[] = {"pair", "trace"};
constexpr const char *kReceptorNames[] = {"excitatory", "inhibitory"};
constexpr const char *kAstroModelNames[] = {"leaky_integrator", "li_rinzel"};
constexpr const char *kModulationNames[] = {
    "stdp_depression", "stdp_potentiation", "weight_scale"};

template <typename Enum, size_t N>
Enum enumByName(const std::string &name, const char *const (&names)[N],
                const char *what) {
  for (size_t i = 0; i < N; ++i)
    if (name == names[i])
      return static_cast<Enum>(i);
  throw RuntimeError(std::string("unknown ") + what + " '" + name + "'");
}

//===----------------------------------------------------------------------===//
// Plan -> JSON
//===----------------------------------------------------------------------===//

json encodeValue(const Value &value) {
  switch (value.kind) {
  case ValueKind::Constant:
    return {{"constant", value.constant}};
  case ValueKind::Uniform:
    return {{"uniform", {value.low, value.high}}};
  case ValueKind::Normal:
    return {{"normal", {value.mu, value.sigma}}};
  case ValueKind::NormalClipped:
    return {{"normal_clipped", {value.mu, value.sigma, value.low, value.high}}};
  case ValueKind::Array:
    return {{"array", pack(value.array)}};
  }
  return {};
}

json encodeSlice(const Slice &slice) {
  return {slice.population, slice.start, slice.size};
}

json encodePopulation(const PopulationPlan &population) {
  const models::CellTypeInfo &info = models::cellType(population.kind);
  json parameters = json::object(), initial = json::object();
  for (size_t i = 0; i < info.parameters.size(); ++i)
    parameters[std::string(info.parameters[i].name)] =
        encodeValue(population.parameters[i]);
  for (size_t i = 0; i < info.state.size(); ++i)
    initial[std::string(info.state[i].name)] =
        encodeValue(population.initial[i]);
  return {{"name", population.name},
          {"cell", std::string(info.name)},
          {"size", population.size},
          {"parameters", parameters},
          {"initial", initial},
          {"spike_offsets", pack(population.spikeTrains.offsets)},
          {"spike_steps", pack(population.spikeTrains.steps)}};
}

json encodeConnector(const Connector &connector) {
  return {{"kind", kConnectorNames[unsigned(connector.kind)]},
          {"p", connector.probability},
          {"n", connector.number},
          {"allow_self", connector.allowSelf},
          {"skip_diagonal", connector.skipDiagonal},
          {"with_replacement", connector.withReplacement},
          {"pre", pack(connector.listPre)},
          {"post", pack(connector.listPost)},
          {"weights", pack(connector.listWeights)},
          {"delays", pack(connector.listDelays)}};
}

json encodeStdp(const std::optional<Stdp> &stdp) {
  if (!stdp)
    return nullptr;
  return {{"tau_plus", stdp->tauPlus},
          {"tau_minus", stdp->tauMinus},
          {"A_plus", stdp->aPlus},
          {"A_minus", stdp->aMinus},
          {"weight_dependence", kDependenceNames[unsigned(stdp->dependence)]},
          {"w_min", stdp->wMin},
          {"w_max", stdp->wMax},
          {"rule", kStdpRuleNames[unsigned(stdp->rule)]},
          {"trace_increment", stdp->traceIncrement},
          {"rate_decay", stdp->rateDecay}};
}

json encodeProjection(const ProjectionPlan &projection) {
  return {{"name", projection.name},
          {"pre", encodeSlice(projection.pre)},
          {"post", encodeSlice(projection.post)},
          {"connector", encodeConnector(projection.connector)},
          {"weight", encodeValue(projection.weight)},
          {"delay", encodeValue(projection.delay)},
          {"stdp", encodeStdp(projection.stdp)},
          {"receptor", kReceptorNames[unsigned(projection.receptor)]},
          {"seed", projection.seed},
          {"explicit_seed", projection.explicitSeed}};
}

json encodeRecording(const RecordingPlan &recording) {
  return {{"target", encodeSlice(recording.target)},
          {"variables", recording.variables},
          {"sampling_interval", recording.samplingInterval}};
}

//===----------------------------------------------------------------------===//
// Astrocyte sections (plan version 2)
//===----------------------------------------------------------------------===//

json encodeAstrocytes(const Plan &plan) {
  json out = {{"populations", json::array()},
              {"listens", json::array()},
              {"modulations", json::array()},
              {"injections", json::array()},
              {"recordings", json::array()}};
  for (const AstrocytePlan &astro : plan.astrocytes)
    out["populations"].push_back(
        {{"name", astro.name},
         {"model", kAstroModelNames[unsigned(astro.kind)]},
         {"size", astro.size},
         {"parameters", astro.parameters},
         {"initial", astro.initial}});
  for (const AstroListenPlan &listen : plan.astroListens)
    out["listens"].push_back(
        {{"astrocytes", listen.astrocytes},
         {"source", encodeSlice(listen.source)},
         {"projection", listen.projection ? json(*listen.projection) : json()},
         {"weight", listen.weight}});
  for (const AstroModulatePlan &mod : plan.astroModulations)
    out["modulations"].push_back(
        {{"astrocytes", mod.astrocytes},
         {"modulation", kModulationNames[unsigned(mod.modulation)]},
         {"projection", mod.projection},
         {"gain", mod.gain}});
  for (const AstroInjectPlan &inject : plan.astroInjections)
    out["injections"].push_back({{"astrocytes", inject.astrocytes},
                                 {"target", encodeSlice(inject.target)},
                                 {"gain", inject.gain}});
  for (const AstroRecordingPlan &rec : plan.astroRecordings)
    out["recordings"].push_back({{"astrocytes", rec.astrocytes},
                                 {"variables", rec.variables},
                                 {"sampling_interval", rec.samplingInterval}});
  return out;
}

json encodeJson(const Plan &plan) {
  json document = {{"network", plan.network},
                   {"timestep", plan.timestep},
                   {"seed", plan.seed},
                   {"populations", json::array()},
                   {"projections", json::array()},
                   {"recordings", json::array()}};
  if (plan.duration)
    document["duration"] = *plan.duration;
  document["integration"] =
      plan.integration == Integration::Spinnaker ? "spinnaker" : "exact";
  for (const PopulationPlan &population : plan.populations)
    document["populations"].push_back(encodePopulation(population));
  for (const ProjectionPlan &projection : plan.projections)
    document["projections"].push_back(encodeProjection(projection));
  for (const RecordingPlan &recording : plan.recordings)
    document["recordings"].push_back(encodeRecording(recording));
  document["astrocytes"] = encodeAstrocytes(plan);
  return document;
}

//===----------------------------------------------------------------------===//
// JSON -> Plan. Any type mismatch throws json::exception, which decodePlan
// turns into a RuntimeError.
//===----------------------------------------------------------------------===//

Value decodeValue(const json &node) {
  if (!node.is_object() || node.size() != 1)
    throw RuntimeError("a value must be a map with one entry");
  auto entry = node.begin();
  const std::string &kind = entry.key();
  const json &data = entry.value();
  if (kind == "constant")
    return Value::ofConstant(data.get<double>());
  if (kind == "array")
    return Value::ofArray(unpack<double>(data, "array"));
  std::vector<double> args = data.get<std::vector<double>>();
  if (kind == "uniform" && args.size() == 2)
    return Value::ofUniform(args[0], args[1]);
  if (kind == "normal" && args.size() == 2)
    return Value::ofNormal(args[0], args[1]);
  if (kind == "normal_clipped" && args.size() == 4)
    return Value::ofNormalClipped(args[0], args[1], args[2], args[3]);
  throw RuntimeError("unknown value kind '" + kind + "'");
}

Slice decodeSlice(const json &node) {
  auto fields = unsignedTuple<uint32_t, 3>(node, "[population, start, size]");
  return {fields[0], fields[1], fields[2]};
}

/// Fills `values` (catalogue order) from a map keyed by name.
template <typename Entry>
std::vector<Value> decodeNamed(const json &node,
                               const std::vector<Entry> &catalogue,
                               const std::string &what) {
  std::vector<Value> values(catalogue.size());
  std::vector<bool> seen(catalogue.size(), false);
  for (auto it = node.begin(); it != node.end(); ++it) {
    auto found =
        std::find_if(catalogue.begin(), catalogue.end(),
                     [&](const Entry &e) { return e.name == it.key(); });
    if (found == catalogue.end())
      throw RuntimeError("unknown " + what + " '" + it.key() + "'");
    size_t index = found - catalogue.begin();
    values[index] = decodeValue(it.value());
    seen[index] = true;
  }
  for (size_t i = 0; i < catalogue.size(); ++i)
    if (!seen[i])
      throw RuntimeError("missing " + what + " '" +
                         std::string(catalogue[i].name) + "'");
  return values;
}

PopulationPlan decodePopulation(const json &node) {
  PopulationPlan population;
  population.name = node.at("name").get<std::string>();
  std::string cell = node.at("cell").get<std::string>();
  const models::CellTypeInfo *info = models::findCellType(cell);
  if (!info)
    throw RuntimeError("unknown cell type '" + cell + "'");
  population.kind = info->kind;
  population.size = unsignedField<uint32_t>(node, "size");
  population.parameters =
      decodeNamed(node.at("parameters"), info->parameters, "parameter");
  population.initial =
      decodeNamed(node.at("initial"), info->state, "state variable");
  population.spikeTrains.offsets =
      unpack<uint64_t>(node.at("spike_offsets"), "spike_offsets");
  population.spikeTrains.steps =
      unpack<int64_t>(node.at("spike_steps"), "spike_steps");
  return population;
}

Connector decodeConnector(const json &node) {
  Connector connector;
  connector.kind = enumByName<ConnectorKind>(node.at("kind").get<std::string>(),
                                             kConnectorNames, "connector");
  connector.probability = node.at("p").get<double>();
  connector.number = unsignedField<uint64_t>(node, "n");
  connector.allowSelf = node.at("allow_self").get<bool>();
  connector.skipDiagonal = node.at("skip_diagonal").get<bool>();
  connector.withReplacement = node.at("with_replacement").get<bool>();
  connector.listPre = unpack<uint32_t>(node.at("pre"), "pre");
  connector.listPost = unpack<uint32_t>(node.at("post"), "post");
  connector.listWeights = unpack<double>(node.at("weights"), "weights");
  connector.listDelays = unpack<double>(node.at("delays"), "delays");
  return connector;
}

std::optional<Stdp> decodeStdp(const json &node) {
  if (node.is_null())
    return std::nullopt;
  Stdp stdp;
  stdp.tauPlus = node.at("tau_plus").get<double>();
  stdp.tauMinus = node.at("tau_minus").get<double>();
  stdp.aPlus = node.at("A_plus").get<double>();
  stdp.aMinus = node.at("A_minus").get<double>();
  stdp.dependence = enumByName<WeightDependence>(
      node.at("weight_dependence").get<std::string>(), kDependenceNames,
      "weight dependence");
  stdp.wMin = node.at("w_min").get<double>();
  stdp.wMax = node.at("w_max").get<double>();
  stdp.rule = enumByName<StdpRule>(node.at("rule").get<std::string>(),
                                   kStdpRuleNames, "STDP rule");
  stdp.traceIncrement = node.at("trace_increment").get<double>();
  stdp.rateDecay = node.at("rate_decay").get<double>();
  return stdp;
}

ProjectionPlan decodeProjection(const json &node) {
  ProjectionPlan projection;
  projection.name = node.at("name").get<std::string>();
  projection.pre = decodeSlice(node.at("pre"));
  projection.post = decodeSlice(node.at("post"));
  projection.connector = decodeConnector(node.at("connector"));
  projection.weight = decodeValue(node.at("weight"));
  projection.delay = decodeValue(node.at("delay"));
  projection.stdp = decodeStdp(node.at("stdp"));
  projection.receptor = enumByName<Receptor>(
      node.at("receptor").get<std::string>(), kReceptorNames, "receptor");
  projection.seed = unsignedField<uint64_t>(node, "seed");
  projection.explicitSeed = node.at("explicit_seed").get<bool>();
  return projection;
}

RecordingPlan decodeRecording(const json &node) {
  RecordingPlan recording;
  recording.target = decodeSlice(node.at("target"));
  recording.variables = node.at("variables").get<std::vector<std::string>>();
  recording.samplingInterval =
      unsignedField<uint32_t>(node, "sampling_interval");
  return recording;
}

void decodeAstrocytes(const json &node, Plan &plan) {
  for (const json &entry : node.at("populations"))
    plan.astrocytes.push_back(
        {entry.at("name").get<std::string>(),
         enumByName<models::AstroKind>(entry.at("model").get<std::string>(),
                                       kAstroModelNames, "astrocyte model"),
         unsignedField<uint32_t>(entry, "size"),
         entry.at("parameters").get<std::vector<double>>(),
         entry.at("initial").get<std::vector<double>>()});
  for (const json &entry : node.at("listens")) {
    AstroListenPlan listen;
    listen.astrocytes = unsignedField<uint32_t>(entry, "astrocytes");
    listen.source = decodeSlice(entry.at("source"));
    if (!entry.at("projection").is_null())
      listen.projection = unsignedField<uint32_t>(entry, "projection");
    listen.weight = entry.at("weight").get<double>();
    plan.astroListens.push_back(listen);
  }
  for (const json &entry : node.at("modulations"))
    plan.astroModulations.push_back(
        {unsignedField<uint32_t>(entry, "astrocytes"),
         enumByName<Modulation>(entry.at("modulation").get<std::string>(),
                                kModulationNames, "modulation"),
         unsignedField<uint32_t>(entry, "projection"),
         entry.at("gain").get<double>()});
  for (const json &entry : node.at("injections"))
    plan.astroInjections.push_back(
        {unsignedField<uint32_t>(entry, "astrocytes"),
         decodeSlice(entry.at("target")), entry.at("gain").get<double>()});
  for (const json &entry : node.at("recordings"))
    plan.astroRecordings.push_back(
        {unsignedField<uint32_t>(entry, "astrocytes"),
         entry.at("variables").get<std::vector<std::string>>(),
         unsignedField<uint32_t>(entry, "sampling_interval")});
}

/// Appends decode(entry) for each entry of document[key], naming the entry
/// in any error ("populations[2]: 'size' must be an integer ...").
template <typename T, typename Decode>
void decodeEach(const json &document, const char *key, std::vector<T> &out,
                Decode decode) {
  forEachEntry(document, key,
               [&](const json &entry) { out.push_back(decode(entry)); });
}

Plan decodeJson(const json &document) {
  Plan plan;
  plan.network = document.at("network").get<std::string>();
  plan.timestep = document.at("timestep").get<double>();
  plan.seed = unsignedField<uint64_t>(document, "seed");
  if (document.contains("duration"))
    plan.duration = document.at("duration").get<double>();
  std::string integration = document.at("integration").get<std::string>();
  if (integration != "exact" && integration != "spinnaker")
    throw RuntimeError("unknown integration '" + integration + "'");
  plan.integration = integration == "spinnaker" ? Integration::Spinnaker
                                                : Integration::Exact;
  decodeEach(document, "populations", plan.populations, decodePopulation);
  decodeEach(document, "projections", plan.projections, decodeProjection);
  decodeEach(document, "recordings", plan.recordings, decodeRecording);
  decodeAstrocytes(document.at("astrocytes"), plan);
  return plan;
}

/// Checks the header and returns the payload's bounds; throws RuntimeError.
std::pair<const uint8_t *, size_t>
checkHeader(const std::vector<uint8_t> &bytes) {
  if (!looksLikePlan(bytes))
    throw RuntimeError("not a glia plan file (bad magic)");
  if (bytes.size() < kPlanHeaderSize)
    throw RuntimeError("truncated plan file: the header is incomplete");
  uint32_t version = uint32_t(getLittleEndian(&bytes[8], 4));
  if (version != kPlanFormatVersion)
    throw RuntimeError("plan format version " + std::to_string(version) +
                       " is not supported (this glia reads version " +
                       std::to_string(kPlanFormatVersion) +
                       "); re-create the plan with this glia");
  if (getLittleEndian(&bytes[12], 4) != 0)
    throw RuntimeError("corrupt plan file: the header's reserved field is "
                       "not 0");
  uint64_t length = getLittleEndian(&bytes[16], 8);
  uint64_t available = bytes.size() - kPlanHeaderSize;
  if (length > available)
    throw RuntimeError("truncated plan file: the payload has " +
                       std::to_string(available) + " of " +
                       std::to_string(length) + " bytes");
  if (length < available)
    throw RuntimeError(
        "corrupt plan file: " + std::to_string(available - length) +
        " bytes after the payload");
  const uint8_t *payload = bytes.data() + kPlanHeaderSize;
  if (fnv1a64(payload, length) != getLittleEndian(&bytes[24], 8))
    throw RuntimeError("corrupt plan file: checksum mismatch");
  return {payload, size_t(length)};
}

/// CBOR nested deeper than a plan ever is (a plan's deepest value sits at
/// level 5) is refused before it is parsed: nlohmann's CBOR reader recurses
/// once per level, and a 10 KB file of nested arrays overflowed the stack.
constexpr size_t kMaxPlanNesting = 32;

/// Counts nesting as the SAX parser walks the payload, and stops it past
/// kMaxPlanNesting.
class NestingCheck : public nlohmann::json_sax<json> {
public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t &) override { return true; }
  bool string(string_t &) override { return true; }
  bool binary(binary_t &) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool key(string_t &) override { return true; }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t, const std::string &,
                   const nlohmann::detail::exception &) override {
    return false; // from_cbor reports it
  }
  bool tooDeep() const { return exceeded; }

private:
  bool enter() {
    exceeded = ++depth > kMaxPlanNesting;
    return !exceeded;
  }
  bool leave() {
    --depth;
    return true;
  }
  size_t depth = 0;
  bool exceeded = false;
};

json parsePayload(const uint8_t *payload, size_t length) {
  NestingCheck nesting;
  json::sax_parse(payload, payload + length, &nesting,
                  nlohmann::detail::input_format_t::cbor);
  if (nesting.tooDeep())
    throw RuntimeError("values nested more than " +
                       std::to_string(kMaxPlanNesting) + " levels deep");
  return json::from_cbor(payload, payload + length);
}

} // namespace

bool looksLikePlan(const std::vector<uint8_t> &bytes) {
  return bytes.size() >= sizeof kPlanMagic &&
         std::equal(std::begin(kPlanMagic), std::end(kPlanMagic),
                    bytes.begin());
}

std::vector<uint8_t> encodePlan(const Plan &plan) {
  std::vector<uint8_t> payload = json::to_cbor(encodeJson(plan));
  std::vector<uint8_t> bytes(std::begin(kPlanMagic), std::end(kPlanMagic));
  putLittleEndian(bytes, kPlanFormatVersion, 4);
  putLittleEndian(bytes, 0, 4);
  putLittleEndian(bytes, payload.size(), 8);
  putLittleEndian(bytes, fnv1a64(payload.data(), payload.size()), 8);
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

Plan decodePlan(const std::vector<uint8_t> &bytes) {
  auto [payload, length] = checkHeader(bytes);
  Plan plan;
  try {
    plan = decodeJson(parsePayload(payload, length));
  } catch (const json::exception &error) {
    throw RuntimeError(std::string("malformed plan payload: ") + error.what());
  } catch (const RuntimeError &error) {
    throw RuntimeError(std::string("malformed plan payload: ") + error.what());
  }
  if (std::string error = validatePlan(plan); !error.empty())
    throw RuntimeError("invalid plan: " + error);
  return plan;
}

void writePlanFile(const Plan &plan, const std::string &path) {
  std::vector<uint8_t> bytes = encodePlan(plan);
  writeFileAtomically(path, [&](std::ostream &out) {
    out.write(reinterpret_cast<const char *>(bytes.data()),
              std::streamsize(bytes.size()));
  });
}

Plan readPlanFile(const std::string &path) {
  std::vector<uint8_t> bytes = readWholeFile(path);
  try {
    return decodePlan(bytes);
  } catch (const RuntimeError &error) {
    throw RuntimeError(path + ": " + error.what());
  }
}

} // namespace glia::runtime
