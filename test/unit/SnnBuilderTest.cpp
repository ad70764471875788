//===- SnnBuilderTest.cpp - building snn networks from C++ ----------------===//

#include "glia/Dialect/Snn/SnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace glia::snn;

namespace {

class SnnBuilderTest : public ::testing::Test {
protected:
  SnnBuilderTest() {
    context.loadDialect<SnnDialect>();
    // Keep verifier messages out of the test output but remember them.
    context.getDiagEngine().registerHandler(
        [this](Diagnostic &diag) { messages.push_back(diag.str()); });
  }

  /// A module holding one empty network with a 0.1 ms step.
  NetworkOp makeNetwork(OpBuilder &builder, ModuleOp module) {
    builder.setInsertionPointToEnd(module.getBody());
    auto network = NetworkOp::create(builder, builder.getUnknownLoc(),
                                     builder.getStringAttr("net"),
                                     builder.getF64FloatAttr(0.1),
                                     builder.getI64IntegerAttr(1), FloatAttr(),
                                     IntegrationAttr());
    network.getBody().emplaceBlock();
    builder.setInsertionPointToEnd(&network.getBlock());
    return network;
  }

  PopulationOp makePopulation(OpBuilder &builder, StringRef name, int64_t size,
                              CellType type, DictionaryAttr params = {}) {
    return PopulationOp::create(
        builder, builder.getUnknownLoc(), PopulationType::get(&context, size),
        builder.getStringAttr(name), CellTypeAttr::get(&context, type), params,
        DictionaryAttr());
  }

  MLIRContext context;
  std::vector<std::string> messages;
};

TEST_F(SnnBuilderTest, BuildsAValidCubaLikeNetwork) {
  OpBuilder builder(&context);
  auto module = ModuleOp::create(builder.getUnknownLoc());
  makeNetwork(builder, module);
  auto exc = makePopulation(builder, "exc", 3200, CellType::IF_curr_exp);
  auto inh = makePopulation(builder, "inh", 800, CellType::IF_curr_exp);
  auto weight = builder.getF64FloatAttr(0.0162);
  auto delay = builder.getF64FloatAttr(0.1);
  auto projection = ProjectionOp::create(
      builder, builder.getUnknownLoc(), builder.getStringAttr("ei"),
      exc.getResult(), inh.getResult(),
      FixedProbabilityAttr::get(&context, 0.02, true),
      StaticSynapseAttr::get(&context, weight, delay),
      ReceptorAttr::get(&context, Receptor::excitatory), IntegerAttr());
  EXPECT_TRUE(succeeded(verify(module)))
      << (messages.empty() ? "" : messages[0]);
  EXPECT_DOUBLE_EQ(projection.getExpectedSynapses(), 0.02 * 3200 * 800);
  module->destroy();
}

TEST_F(SnnBuilderTest, RejectsOneToOneBetweenDifferentSizes) {
  OpBuilder builder(&context);
  auto module = ModuleOp::create(builder.getUnknownLoc());
  makeNetwork(builder, module);
  auto a = makePopulation(builder, "a", 10, CellType::IF_curr_exp);
  auto b = makePopulation(builder, "b", 20, CellType::IF_curr_exp);
  ProjectionOp::create(
      builder, builder.getUnknownLoc(), builder.getStringAttr("ab"),
      a.getResult(), b.getResult(), OneToOneAttr::get(&context),
      StaticSynapseAttr::get(&context, builder.getF64FloatAttr(1.0),
                             builder.getF64FloatAttr(0.1)),
      ReceptorAttr::get(&context, Receptor::excitatory), IntegerAttr());
  EXPECT_TRUE(failed(verify(module)));
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(
      messages[0].find("one_to_one needs sides of equal size, got 10 -> 20"),
      std::string::npos)
      << messages[0];
  module->destroy();
}

TEST_F(SnnBuilderTest, RejectsResetAboveThreshold) {
  OpBuilder builder(&context);
  auto module = ModuleOp::create(builder.getUnknownLoc());
  makeNetwork(builder, module);
  auto params = builder.getDictionaryAttr(
      {builder.getNamedAttr("v_reset", builder.getF64FloatAttr(-40.0))});
  makePopulation(builder, "p", 5, CellType::IF_curr_exp, params);
  EXPECT_TRUE(failed(verify(module)));
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(messages[0].find("'v_reset' (-40 mV) must be below 'v_thresh'"),
            std::string::npos)
      << messages[0];
  module->destroy();
}

} // namespace
