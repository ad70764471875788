//===- CamReadoutTest.cpp - decoding a CAM's output layer -----------------===//

#include "glia/Cam/CamReadout.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace glia;

namespace {

// The published trace (MODELS.md §2), first operations: M = 5, N = 10.
constexpr const char *kNetwork = R"mlir(
snn.network @n attributes {timestep = 1.0} {
  %out = snn.cam "cam" memories 5 bits 10 protocol [
      #snn.learn<time = 0.0, cue = 0, bits = [0, 1, 8, 9]>,
      #snn.recall_cue<time = 10.0, cue = 0>,
      #snn.recall_content<time = 20.0, bits = [6]>] : !snn.pop<15>
}
)mlir";

TEST(CamReadoutTest, CollectsTheProtocolFromTheIR) {
  mlir::MLIRContext context;
  context.loadDialect<snn::SnnDialect>();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kNetwork, &context);
  ASSERT_TRUE(module);
  auto network = *module->getOps<snn::NetworkOp>().begin();
  std::vector<cam::Readout> readouts = cam::collectReadouts(network);
  ASSERT_EQ(readouts.size(), 1u);
  EXPECT_EQ(readouts[0].outputPopulation, "cam.output");
  EXPECT_EQ(readouts[0].memories, 5);
  ASSERT_EQ(readouts[0].protocol.size(), 3u);
  EXPECT_EQ(readouts[0].protocol[0].bits, (std::vector<int64_t>{0, 1, 8, 9}));
  EXPECT_EQ(readouts[0].protocol[2].kind, cam::Operation::RecallContent);
}

TEST(CamReadoutTest, DecodesEachOperationFromItsWindow) {
  cam::Readout readout{"cam", 5, 10, {}, "cam.output"};
  readout.protocol = {{cam::Operation::Learn, 0, 0, {0, 1, 8, 9}},
                      {cam::Operation::RecallCue, 10, 0, {}},
                      {cam::Operation::RecallContent, 20, -1, {6}}};
  // Output neurons: cues 0-4, content bits at 5 + bit.
  std::vector<cam::OutputSpike> spikes = {
      {0, 5}, {5, 5}, {6, 5}, {13, 5}, {14, 5}, {0, 7},  // learn echo
      {0, 15}, {5, 16}, {6, 16}, {13, 16}, {14, 16},     // recall by cue
      {11, 25}, {3, 26}, {4, 26}};                       // recall by content
  std::vector<cam::Answer> answers = cam::decode(readout, spikes);
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(answers[0].describe(),
            "t=0 learn cue 0 {0,1,8,9} -> output cues {0} bits {0,1,8,9}");
  EXPECT_EQ(answers[1].describe(), "t=10 recall cue 0 -> {0,1,8,9}");
  EXPECT_EQ(answers[2].describe(), "t=20 recall content {6} -> cues {3,4}");
  // A spike at the start time itself belongs to the operation before.
  EXPECT_EQ(answers[1].cues, (std::vector<int64_t>{0}));
}

TEST(CamReadoutTest, DecodesSpikesInAnyOrder) {
  // Executors record spikes population by population; the decoder must not
  // rely on time order.
  cam::Readout readout{"cam", 2, 3, {}, "cam.output"};
  readout.protocol = {{cam::Operation::RecallCue, 0, 1, {}},
                      {cam::Operation::RecallContent, 10, -1, {2}}};
  std::vector<cam::OutputSpike> spikes = {
      {4, 16}, {1, 5}, {0, 16}, {3, 6}, {4, 6}, {2, 10}};
  std::vector<cam::Answer> answers = cam::decode(readout, spikes);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].describe(), "t=0 recall cue 1 -> {0,1,2}");
  EXPECT_EQ(answers[1].describe(), "t=10 recall content {2} -> cues {0}");
}

TEST(CamReadoutTest, OperationKindsHaveTheirJsonNames) {
  for (auto kind : {cam::Operation::Learn, cam::Operation::RecallCue,
                    cam::Operation::RecallContent})
    EXPECT_EQ(cam::parseKind(cam::kindName(kind)), kind);
  EXPECT_STREQ(cam::kindName(cam::Operation::RecallCue), "recall_by_cue");
  EXPECT_FALSE(cam::parseKind("recall"));
}

} // namespace
