//===- ConnectivityTest.cpp - per-line synapse generation -----------------===//

#include "TestNetworks.h"

#include "glia/Runtime/Connectivity.h"

#include <gtest/gtest.h>

#include <set>

using namespace glia::runtime;
using namespace glia::runtime::testing;
using glia::models::CellKind;

namespace {

/// A plan with one population of `size` neurons projecting onto itself.
ProjectionPlan selfProjection(Connector connector, uint32_t size = 300) {
  return makeProjection("p", {0, 0, size}, {0, 0, size}, std::move(connector),
                        Value::ofUniform(0.1, 0.2), 1, Receptor::Excitatory,
                        1234);
}

std::vector<SynapseDraw> line(const ConnectivityGenerator &generator,
                              uint32_t index) {
  std::vector<SynapseDraw> out;
  generator.generate(index, out);
  return out;
}

bool sameSynapses(const std::vector<SynapseDraw> &a,
                  const std::vector<SynapseDraw> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].pre != b[i].pre || a[i].post != b[i].post ||
        a[i].weight != b[i].weight || a[i].delay != b[i].delay)
      return false;
  return true;
}

TEST(Connectivity, ARowAloneEqualsTheRowWithinTheWholeProjection) {
  for (ConnectorKind kind :
       {ConnectorKind::FixedProbability, ConnectorKind::FixedNumberPost,
        ConnectorKind::FixedNumberPre, ConnectorKind::AllToAll}) {
    ProjectionPlan projection = selfProjection(connectorOf(kind, 0.1, 20));
    projection.delay = Value::ofUniform(1, 8);
    ConnectivityGenerator whole(projection, 3);
    std::vector<std::vector<SynapseDraw>> all;
    for (uint32_t k = 0; k < whole.lineCount(); ++k)
      all.push_back(line(whole, k));
    // A fresh generator (another thread, process or board-image writer)
    // asked for lines in another order.
    ConnectivityGenerator alone(projection, 3);
    for (uint32_t k : {uint32_t(whole.lineCount() - 1), 37u, 0u})
      EXPECT_TRUE(sameSynapses(line(alone, k), all[k]))
          << "connector " << int(kind) << ", line " << k;
    // The projection index keys the streams: another index, other synapses.
    ConnectivityGenerator other(projection, 4);
    if (kind != ConnectorKind::AllToAll) {
      EXPECT_FALSE(sameSynapses(line(other, 37), all[37]));
    }
  }
}

TEST(Connectivity, PartnersAreTheRowsPostsWhenWeightAndDelayAreConstant) {
  for (ConnectorKind kind :
       {ConnectorKind::FixedProbability, ConnectorKind::FixedNumberPost,
        ConnectorKind::AllToAll, ConnectorKind::OneToOne}) {
    ProjectionPlan projection = selfProjection(connectorOf(kind, 0.1, 20));
    projection.weight = Value::ofConstant(0.5);
    ConnectivityGenerator generator(projection, 2);
    ASSERT_TRUE(generator.partnersSuffice()) << int(kind);
    for (uint32_t row : {0u, 11u, 299u}) {
      std::vector<uint32_t> partners;
      generator.generatePartners(row, partners);
      std::vector<uint32_t> posts;
      for (const SynapseDraw &draw : line(generator, row))
        posts.push_back(draw.post);
      EXPECT_EQ(partners, posts)
          << "connector " << int(kind) << ", row " << row;
    }
  }
  // Drawn weights and columns (fixed_number_pre) need whole draws.
  ProjectionPlan drawn =
      selfProjection(connectorOf(ConnectorKind::AllToAll, 0, 0));
  EXPECT_FALSE(ConnectivityGenerator(drawn, 0).partnersSuffice());
  ProjectionPlan columns =
      selfProjection(connectorOf(ConnectorKind::FixedNumberPre, 0, 5));
  columns.weight = Value::ofConstant(0.5);
  EXPECT_FALSE(ConnectivityGenerator(columns, 0).partnersSuffice());
}

TEST(Connectivity, FixedProbabilityHasTheExpectedCountAndNoSelf) {
  ProjectionPlan projection = selfProjection(
      connectorOf(ConnectorKind::FixedProbability, 0.05, 0, false), 2000);
  ConnectivityGenerator generator(projection, 0);
  uint64_t count = 0;
  for (uint32_t row = 0; row < 2000; ++row)
    for (const SynapseDraw &draw : line(generator, row)) {
      ++count;
      EXPECT_NE(draw.pre, draw.post);
      EXPECT_GE(draw.weight, 0.1);
      EXPECT_LT(draw.weight, 0.2);
    }
  double expected = 0.05 * 2000 * 1999;
  double sigma = std::sqrt(expected * 0.95);
  EXPECT_NEAR(double(count), expected, 5 * sigma);
}

TEST(Connectivity, FixedNumbersGiveExactlyNDistinctPartners) {
  for (ConnectorKind kind :
       {ConnectorKind::FixedNumberPost, ConnectorKind::FixedNumberPre}) {
    for (uint64_t n : {uint64_t(10), uint64_t(250), uint64_t(299)}) {
      ProjectionPlan projection =
          selfProjection(connectorOf(kind, 0, n, false));
      ConnectivityGenerator generator(projection, 0);
      for (uint32_t k = 0; k < 300; k += 37) {
        std::set<uint32_t> partners;
        for (const SynapseDraw &draw : line(generator, k)) {
          bool byColumn = kind == ConnectorKind::FixedNumberPre;
          EXPECT_EQ(byColumn ? draw.post : draw.pre, k);
          EXPECT_NE(draw.pre, draw.post);
          partners.insert(byColumn ? draw.pre : draw.post);
        }
        EXPECT_EQ(partners.size(), n) << "line " << k;
      }
    }
  }
}

TEST(Connectivity, WithReplacementDrawsNPartnersThatMayRepeat) {
  ProjectionPlan projection = selfProjection(
      connectorOf(ConnectorKind::FixedNumberPost, 0, 400, true, true), 100);
  ConnectivityGenerator generator(projection, 0);
  std::vector<SynapseDraw> row = line(generator, 5);
  ASSERT_EQ(row.size(), 400u);
  std::set<uint32_t> distinct;
  for (const SynapseDraw &draw : row)
    distinct.insert(draw.post);
  EXPECT_LT(distinct.size(), 100u + 1);
  EXPECT_GT(distinct.size(), 90u);
}

TEST(Connectivity, SelfConnectionsFollowGlobalIndicesAcrossViews) {
  // pre = neurons [10, 20), post = [15, 25) of one population: pre row 5
  // (neuron 15) is post 0.
  ProjectionPlan projection =
      makeProjection("v", {0, 10, 10}, {0, 15, 10},
                     connectorOf(ConnectorKind::AllToAll, 0, 0, false),
                     Value::ofConstant(1), 1, Receptor::Excitatory);
  ConnectivityGenerator generator(projection, 0);
  std::vector<SynapseDraw> row = line(generator, 5);
  EXPECT_EQ(row.size(), 9u);
  for (const SynapseDraw &draw : row)
    EXPECT_NE(draw.post, 0u);
  EXPECT_EQ(line(generator, 0).size(),
            10u); // neuron 10 is not on the post side
}

TEST(Connectivity, SkipDiagonalDropsEqualLocalIndicesAcrossPopulations) {
  Connector connector = connectorOf(ConnectorKind::AllToAll);
  connector.skipDiagonal = true;
  ProjectionPlan projection =
      makeProjection("lateral", {0, 0, 4}, {1, 0, 4}, connector,
                     Value::ofConstant(1), 1, Receptor::Inhibitory);
  ConnectivityGenerator generator(projection, 0);
  for (uint32_t row = 0; row < 4; ++row) {
    std::vector<SynapseDraw> synapses = line(generator, row);
    EXPECT_EQ(synapses.size(), 3u);
    for (const SynapseDraw &draw : synapses)
      EXPECT_NE(draw.post, row);
  }
}

TEST(Connectivity, OneToOneAndFromList) {
  ProjectionPlan pairs = selfProjection(connectorOf(ConnectorKind::OneToOne));
  ConnectivityGenerator oneToOne(pairs, 0);
  std::vector<SynapseDraw> row = line(oneToOne, 42);
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].post, 42u);

  Connector list;
  list.kind = ConnectorKind::FromList;
  list.listPre = {3, 1, 3};
  list.listPost = {7, 2, 0};
  list.listDelays = {2, 5, 9};
  ProjectionPlan projection = selfProjection(list, 10);
  projection.weight = Value::ofConstant(0.5);
  ConnectivityGenerator generator(projection, 0);
  std::vector<SynapseDraw> three = line(generator, 3);
  ASSERT_EQ(three.size(), 2u);
  EXPECT_EQ(three[0].post, 7u);
  EXPECT_EQ(three[0].delay, 2u);
  EXPECT_EQ(three[1].post, 0u);
  EXPECT_EQ(three[1].delay, 9u);
  EXPECT_EQ(three[1].weight, 0.5);
  EXPECT_TRUE(line(generator, 0).empty());
}

TEST(Connectivity, DelaysAreWholeStepsOfAtLeastOne) {
  EXPECT_EQ(delayInSteps(0.2), 1u);
  EXPECT_EQ(delayInSteps(-3), 1u);
  EXPECT_EQ(delayInSteps(2.5), 3u);
  EXPECT_EQ(delayInSteps(14.9999999), 15u);
}

} // namespace
