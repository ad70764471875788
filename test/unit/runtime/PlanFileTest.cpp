//===- PlanFileTest.cpp - .plan serialisation, versioning, corruption -----===//

#include "TestNetworks.h"

#include "glia/Runtime/PlanFile.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <limits>

using namespace glia::runtime;
using namespace glia::runtime::testing;

namespace {

/// The message of the RuntimeError `decodePlan(bytes)` throws, or "".
std::string decodeError(const std::vector<uint8_t> &bytes) {
  try {
    decodePlan(bytes);
  } catch (const RuntimeError &error) {
    return error.what();
  }
  return "";
}

void putLittleEndian32(std::vector<uint8_t> &bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    bytes[at + i] = uint8_t(value >> (8 * i));
}

TEST(PlanFile, RoundTripsEveryField) {
  Plan plan = randomNetwork(/*withStdp=*/true);
  plan.duration = 250;
  plan.integration = Integration::Spinnaker;
  plan.populations.push_back(makeSpikeArray("cues", {{1, 5}, {}, {7}}));
  Connector list;
  list.kind = ConnectorKind::FromList;
  list.listPre = {0, 2};
  list.listPost = {3, 1};
  list.listWeights = {0.5, 0.25};
  list.listDelays = {2, 4};
  plan.projections.push_back(
      makeProjection("list", whole(plan, 2), whole(plan, 0), list,
                     Value::ofConstant(0), 1, Receptor::Excitatory));
  plan.projections.back().explicitSeed = true;
  plan.projections[0].connector.skipDiagonal = true;

  Plan copy = decodePlan(encodePlan(plan));
  ASSERT_EQ(copy.populations.size(), plan.populations.size());
  EXPECT_EQ(copy.network, plan.network);
  EXPECT_EQ(copy.duration, plan.duration);
  EXPECT_EQ(copy.integration, Integration::Spinnaker);
  EXPECT_EQ(copy.populations[0].initial[0], plan.populations[0].initial[0]);
  EXPECT_EQ(copy.populations[2].spikeTrains.steps,
            plan.populations[2].spikeTrains.steps);
  EXPECT_EQ(copy.populations[2].spikeTrains.offsets,
            plan.populations[2].spikeTrains.offsets);
  const ProjectionPlan &restored = copy.projections.back();
  EXPECT_EQ(restored.connector.listPost, list.listPost);
  EXPECT_EQ(restored.connector.listWeights, list.listWeights);
  EXPECT_TRUE(restored.explicitSeed);
  EXPECT_TRUE(copy.projections[0].connector.skipDiagonal);
  ASSERT_TRUE(copy.projections[3].stdp.has_value());
  EXPECT_EQ(copy.projections[3].stdp->dependence,
            WeightDependence::Multiplicative);
  EXPECT_EQ(copy.projections[1].delay, plan.projections[1].delay);
  EXPECT_EQ(copy.recordings[0].variables, plan.recordings[0].variables);
  // Encoding is deterministic: the same plan gives the same bytes.
  EXPECT_EQ(encodePlan(copy), encodePlan(plan));
}

TEST(PlanFile, RefusesAnotherFormatVersion) {
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(false));
  putLittleEndian32(bytes, 8, kPlanFormatVersion + 1);
  std::string error = decodeError(bytes);
  EXPECT_NE(error.find("plan format version " +
                       std::to_string(kPlanFormatVersion + 1) +
                       " is not supported"),
            std::string::npos)
      << error;
}

TEST(PlanFile, RefusesTruncatedFiles) {
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(false));
  for (size_t keep :
       {size_t(0), size_t(4), size_t(20), bytes.size() / 2, bytes.size() - 1}) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + keep);
    std::string error = decodeError(cut);
    EXPECT_FALSE(error.empty()) << "kept " << keep << " bytes";
    if (keep >= kPlanHeaderSize) {
      EXPECT_NE(error.find("truncated"), std::string::npos) << error;
    }
  }
}

TEST(PlanFile, RefusesCorruptPayloads) {
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(false));
  std::vector<uint8_t> flipped = bytes;
  flipped[kPlanHeaderSize + 17] ^= 0x40;
  EXPECT_NE(decodeError(flipped).find("checksum mismatch"), std::string::npos);

  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_NE(decodeError(longer).find("after the payload"), std::string::npos);

  std::vector<uint8_t> magic = bytes;
  magic[0] = 'X';
  EXPECT_NE(decodeError(magic).find("bad magic"), std::string::npos);
}

TEST(PlanFile, RefusesAWellFormedButInconsistentPlan) {
  Plan plan = randomNetwork(false);
  plan.projections[0].post.population = 9; // no such population
  std::string error = decodeError(encodePlan(plan));
  EXPECT_NE(error.find("invalid plan"), std::string::npos) << error;
  EXPECT_NE(error.find("refers to population 9"), std::string::npos) << error;
}

TEST(PlanFile, RefusesAPayloadThatIsNotAPlan) {
  // A valid header around a checksummed payload that is not CBOR of a plan.
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(false));
  bytes.resize(kPlanHeaderSize);
  std::vector<uint8_t> payload = {0xa1, 0x61, 'x', 0x01}; // {"x": 1}
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  for (int i = 0; i < 8; ++i) {
    bytes[16 + i] = uint8_t(uint64_t(payload.size()) >> (8 * i));
    bytes[24 + i] = uint8_t(fnv1a64(payload.data(), payload.size()) >> (8 * i));
  }
  std::string error = decodeError(bytes);
  EXPECT_NE(error.find("malformed plan payload"), std::string::npos) << error;
}

/// A plan file whose header is valid (length, checksum) around `payload`.
std::vector<uint8_t> fileAround(const std::vector<uint8_t> &payload) {
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(false));
  bytes.resize(kPlanHeaderSize);
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  for (int i = 0; i < 8; ++i) {
    bytes[16 + i] = uint8_t(uint64_t(payload.size()) >> (8 * i));
    bytes[24 + i] = uint8_t(fnv1a64(payload.data(), payload.size()) >> (8 * i));
  }
  return bytes;
}

/// The error decoding a plan whose payload `edit` changed (the checksum
/// then fixed, as a hand-made file would have it).
std::string
errorAfterEditing(const std::function<void(nlohmann::json &)> &edit) {
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(true));
  nlohmann::json document =
      nlohmann::json::from_cbor(bytes.begin() + kPlanHeaderSize, bytes.end());
  edit(document);
  return decodeError(fileAround(nlohmann::json::to_cbor(document)));
}

TEST(PlanFile, RefusesDeeplyNestedPayloads) {
  // 100,000 nested one-element arrays: nlohmann's CBOR reader recurses per
  // level and overflowed the stack on a 10 KB file.
  std::vector<uint8_t> payload(100000, 0x81);
  payload.push_back(0xf6); // null
  std::string error = decodeError(fileAround(payload));
  EXPECT_NE(error.find("nested more than"), std::string::npos) << error;
}

TEST(PlanFile, RefusesAReservedFieldThatIsNotZero) {
  std::vector<uint8_t> bytes = encodePlan(randomNetwork(false));
  bytes[13] = 1;
  std::string error = decodeError(bytes);
  EXPECT_NE(error.find("reserved field"), std::string::npos) << error;
}

TEST(PlanFile, RefusesIntegersThatDoNotFitTheirField) {
  // get<uint32_t>() would wrap -1, truncate 10.5, and keep 8 of 2^32 + 8.
  for (nlohmann::json bad :
       {nlohmann::json(-1), nlohmann::json(10.5),
        nlohmann::json(uint64_t(1) << 32 | 8), nlohmann::json("8")}) {
    SCOPED_TRACE(bad.dump());
    std::string size = errorAfterEditing(
        [&](nlohmann::json &plan) { plan["populations"][0]["size"] = bad; });
    EXPECT_NE(size.find("populations[0]: 'size' must be an integer"),
              std::string::npos)
        << size;
    std::string interval = errorAfterEditing([&](nlohmann::json &plan) {
      plan["recordings"][0]["sampling_interval"] = bad;
    });
    EXPECT_NE(interval.find("'sampling_interval' must be an integer"),
              std::string::npos)
        << interval;
    std::string slice = errorAfterEditing(
        [&](nlohmann::json &plan) { plan["projections"][0]["post"][0] = bad; });
    EXPECT_NE(slice.find("must be an integer"), std::string::npos) << slice;
  }
}

TEST(PlanFile, RefusesParametersOutsideTheirDomain) {
  struct Case {
    std::function<void(Plan &)> edit;
    std::string expected;
  };
  double inf = std::numeric_limits<double>::infinity();
  std::vector<Case> cases = {
      {[](Plan &p) { p.populations[0].parameters[0] = Value::ofConstant(0); },
       "parameter 'cm' of population 'all' must be > 0"},
      {[](Plan &p) {
         int refrac = glia::models::cellType(glia::models::CellKind::IfCurrExp)
                          .parameterIndex("tau_refrac");
         p.populations[0].parameters[refrac] = Value::ofUniform(-1, 2);
       },
       "'tau_refrac' of population 'all' must be >= 0"},
      {[=](Plan &p) { p.projections[3].stdp->aPlus = inf; },
       "invalid STDP parameters"},
      {[=](Plan &p) { p.projections[3].stdp->wMax = inf; },
       "invalid STDP parameters"},
      {[](Plan &p) { p.projections[0].delay = Value::ofConstant(0); },
       "a constant delay must be at least 1 step"},
      {[](Plan &p) { p.populations[0].initial[0] = Value::ofNormal(0, 1e308); },
       "has samples that overflow"},
      {[](Plan &p) {
         p.populations[0].initial[0] = Value::ofUniform(-1e308, 1e308);
       },
       "has samples that overflow"},
      // Found by fuzzing: each ran (or hung) instead of being refused.
      {[](Plan &p) {
         p.projections[0].weight = Value::ofNormalClipped(0, 1, 1e9, 2e9);
       },
       "has a clipping window that holds less than 0.001"},
      {[](Plan &p) {
         p.projections[0].connector.kind = ConnectorKind::FixedNumberPre;
         p.projections[0].connector.withReplacement = true;
         p.projections[0].connector.number = uint64_t(1) << 63;
       },
       "n must be at most 2147483647"},
      {[=](Plan &p) {
         Connector &list = p.projections[0].connector;
         list = Connector{};
         list.kind = ConnectorKind::FromList;
         list.listPre = {0, 1};
         list.listPost = {1, 0};
         list.listWeights = {0.5, std::nan("")};
       },
       "from_list weights and delays must be finite"},
      {[](Plan &p) {
         p.populations.push_back(makeSpikeArray("cues", {{4}, {30, 10}}));
       },
       "population 'cues': spike train 1 is not in ascending steps >= 0"},
      {[](Plan &p) { p.populations.push_back(makeSpikeArray("cue", {{-2}})); },
       "population 'cue': spike train 0 is not in ascending steps >= 0"},
      {[](Plan &p) {
         p.populations.push_back(makeSpikeArray("shared", {{1}, {1}}));
         p.populations.back().spikeTrains = {{}, {30, 10, 20}}; // one train
       },
       "population 'shared': the spike train is not in ascending steps"},
  };
  for (const Case &c : cases) {
    Plan plan = randomNetwork(true);
    ASSERT_TRUE(plan.projections[3].stdp.has_value());
    c.edit(plan);
    std::string error = decodeError(encodePlan(plan));
    EXPECT_NE(error.find(c.expected), std::string::npos) << error;
  }
}

} // namespace
