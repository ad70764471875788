//===- MachineTest.cpp - machine descriptions -----------------------------===//

#include "glia/Machine/Machine.h"

#include <gtest/gtest.h>

#include <set>

using namespace glia::machine;

namespace {

Machine load(const std::string &name) {
  std::string error;
  auto machine = loadMachine(
      std::string(GLIA_TEST_MACHINES_DIR) + "/" + name + ".json", error);
  EXPECT_TRUE(machine) << error;
  return machine ? *machine : Machine();
}

std::string parseError(const std::string &text) {
  std::string error;
  EXPECT_FALSE(parseMachine(text, "m.json", error));
  return error;
}

TEST(Machine, Spinn3IsAFullTwoByTwoGrid) {
  Machine m = load("spinn3");
  EXPECT_EQ(m.numChips(), 4);
  EXPECT_FALSE(m.wrap);
  EXPECT_EQ(m.totalUsableCores(), 4 * 17);
  EXPECT_EQ(m.routerEntries, 1023);
  EXPECT_FALSE(m.neighbour(m.chipId(1, 1), 0)); // east edge, no wrap
  EXPECT_EQ(m.neighbour(m.chipId(0, 0), 1), m.chipId(1, 1));
}

TEST(Machine, Spinn5HasTheHexagonalBoardLayout) {
  Machine m = load("spinn5");
  EXPECT_EQ(m.numChips(), 48);
  EXPECT_EQ(m.totalUsableCores(), 48 * 17);
  // Corners of the 8 x 8 box outside the hexagon are absent.
  EXPECT_TRUE(m.hasChip(0, 0));
  EXPECT_TRUE(m.hasChip(4, 0));
  EXPECT_FALSE(m.hasChip(5, 0));
  EXPECT_FALSE(m.hasChip(0, 4));
  EXPECT_TRUE(m.hasChip(7, 7));
  EXPECT_FALSE(m.hasChip(3, 7));
  EXPECT_FALSE(m.neighbour(m.chipId(4, 0), 0));
}

TEST(Machine, ThreeBoardsTileATwelveByTwelveTorus) {
  Machine m = load("spinn-3board");
  EXPECT_TRUE(m.wrap);
  EXPECT_EQ(m.boards, 3);
  EXPECT_EQ(m.numChips(), 144);
  // Every link of every chip works on a full torus.
  for (int id = 0; id < m.numChipSlots(); ++id)
    for (int l = 0; l < kNumLinks; ++l)
      EXPECT_TRUE(m.neighbour(id, l));
  EXPECT_EQ(m.neighbour(m.chipId(11, 11), 1), m.chipId(0, 0));
}

TEST(Machine, LargeToriAreGeneratedFromABoardCount) {
  Machine m = load("spinn-1200board");
  EXPECT_EQ(m.boards, 1200);
  EXPECT_EQ(m.numChips(), 240 * 240);
  EXPECT_EQ(m.totalUsableCores(), int64_t(240) * 240 * 17);
}

TEST(Machine, HexDistanceUsesDiagonalsAndWrapAround) {
  Machine m = load("spinn-3board");
  EXPECT_EQ(m.distance({0, 0}, {3, 3}), 3);  // NE diagonal
  EXPECT_EQ(m.distance({0, 0}, {3, 9}), 6);  // (3, -3) across the edge
  EXPECT_EQ(m.distance({0, 0}, {11, 0}), 1); // west across the edge
  EXPECT_EQ(Machine::hexLength(2, -1), 3);
  EXPECT_EQ(Machine::hexLength(-2, -5), 5);
}

TEST(Machine, FaultsRemoveChipsCoresAndLinks) {
  std::string error;
  auto m = parseMachine(R"({"name": "f", "width": 2, "height": 2,
      "dead_chips": [[1, 0]], "dead_cores": [[0, 0, 3]],
      "dead_links": [[0, 0, "N"]]})",
                        "f.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->numChips(), 3);
  EXPECT_EQ(m->numUsableCores(m->chipId(0, 0)), 16);
  EXPECT_EQ(m->numUsableCores(m->chipId(1, 0)), 0);
  EXPECT_FALSE(m->neighbour(m->chipId(0, 0), 2)); // dead link N
  EXPECT_FALSE(m->neighbour(m->chipId(0, 1), 5)); // ... from either end
  EXPECT_FALSE(m->neighbour(m->chipId(0, 0), 0)); // dead chip east
}

TEST(Machine, ErrorsNameTheFileAndTheField) {
  EXPECT_EQ(parseError(R"({"name": "x"})"),
            "m.json: needs 'width' and 'height' (or 'torus': [width, height])");
  EXPECT_EQ(
      parseError(R"({"name": "x", "width": 2, "height": 2, "colour": 1})"),
      "m.json: unknown field 'colour'");
  EXPECT_EQ(parseError(R"({"name": "x", "boards": 4, "torus": [12, 12]})"),
            "m.json: a 12x12 torus holds 3 boards, not 4");
  EXPECT_EQ(parseError(R"({"name": "x", "width": 2, "height": 2,
                           "dead_chips": [[5, 0]]})"),
            "m.json: 'dead_chips': chip (5, 0) is outside the 2x2 machine");
  EXPECT_EQ(parseError(R"({"name": "x", "width": 2, "height": 2,
                           "router_entries": 0})"),
            "m.json: 'router_entries' must be in [1, 1048576], got 0");
  EXPECT_EQ(
      parseError("{\n  \"name\": \n}").rfind("m.json:3:1: invalid JSON", 0),
      0u);
}

// Found by fuzzing: nesting 200,000 levels deep overflowed the stack when
// the document was copied (glia compile died of SIGSEGV), and a field given
// twice was taken silently, the last one winning.
TEST(Machine, DeepNestingAndRepeatedFieldsAreRefused) {
  std::string deep =
      R"({"name": "x", "width": 8, "height": 8, "dead_chips": )" +
      std::string(200000, '[') + std::string(200000, ']') + "}";
  EXPECT_EQ(parseError(deep), "m.json: nested deeper than 32 levels");
  EXPECT_EQ(parseError(R"({"name": "x", "width": 8, "height": 8, "width": 2})"),
            "m.json: field 'width' given twice");
  // The same name in two objects is two fields.
  std::string error;
  EXPECT_TRUE(parseMachine(R"({"name": "x", "torus": [12, 12], "links": [
      {"name": "E", "dx": 1, "dy": 0}, {"name": "NE", "dx": 1, "dy": 1},
      {"name": "N", "dx": 0, "dy": 1}, {"name": "W", "dx": -1, "dy": 0},
      {"name": "SW", "dx": -1, "dy": -1}, {"name": "S", "dx": 0, "dy": -1}]})",
                           "m.json", error))
      << error;
}

// Found by fuzzing: both were accepted, the first ignoring 'width' and
// 'height', the second ignoring the fault.
TEST(Machine, ContradictionsAreRefused) {
  EXPECT_EQ(parseError(R"({"name": "x", "torus": [12, 12], "width": 8,
                           "height": 8})"),
            "m.json: give either 'torus': [width, height] or 'width' and "
            "'height' (and 'wrap'), not both");
  EXPECT_EQ(parseError(R"({"name": "x", "torus": [12, 12], "wrap": false})"),
            "m.json: give either 'torus': [width, height] or 'width' and "
            "'height' (and 'wrap'), not both");
  // (0, 7) is inside the 8x8 grid of a SpiNN-5 board but not on the board.
  for (std::string fault :
       {R"("dead_chips": [[0, 7]])", R"("dead_cores": [[0, 7, 1]])",
        R"("dead_links": [[0, 7, 1]])"})
    EXPECT_EQ(parseError(R"({"name": "x", "width": 8, "height": 8,
                           "boards": [[0, 0]], )" +
                         fault + "}"),
              "m.json: '" + fault.substr(1, fault.find('"', 1) - 1) +
                  "': chip (0, 7) is on none of the machine's boards");
  // A dead chip's cores and links may be listed as well.
  std::string error;
  EXPECT_TRUE(parseMachine(R"({"name": "x", "width": 8, "height": 8,
      "boards": [[0, 0]], "dead_chips": [[1, 1]], "dead_cores": [[1, 1, 2]],
      "dead_links": [[1, 1, "E"]]})",
                           "m.json", error))
      << error;
}

// Found by fuzzing: integers beyond an int wrapped (4294967296 became chip
// 0, a core index 4294967297 core 1) and 2^64 - 1 was reported as -1.
TEST(Machine, IntegersOutOfRangeDoNotWrap) {
  EXPECT_EQ(parseError(R"({"name": "x", "width": 2, "height": 2,
                           "dead_chips": [[4294967296, 0]]})"),
            "m.json: 'dead_chips': coordinates must be integers within the "
            "machine, got [4294967296,0]");
  EXPECT_EQ(parseError(R"({"name": "x", "width": 2, "height": 2,
                           "dead_cores": [[0, 0, 4294967297]]})"),
            "m.json: 'dead_cores': core must be in [0, 18), got 4294967297");
  EXPECT_NE(parseError(R"({"name": "x", "width": 2, "height": 2,
                           "dead_links": [[0, 0, 4294967296]]})")
                .find("a link is one of E, NE, N, W, SW, S or 0-5"),
            std::string::npos);
  EXPECT_EQ(parseError(R"({"name": "x", "width": 18446744073709551615,
                           "height": 2})"),
            "m.json: 'width' must be in [1, 256], got 18446744073709551615");
  EXPECT_EQ(parseError(R"({"name": "x", "boards": 4294967299,
                           "torus": [12, 12]})"),
            "m.json: 'boards' count 4294967299 is out of range");
}

// A SpiNNaker chip's address holds x and y in 8 bits each.
TEST(Machine, SidesFitSpinnakersChipAddresses) {
  EXPECT_EQ(parseError(R"({"name": "x", "width": 257, "height": 2})"),
            "m.json: 'width' must be in [1, 256], got 257");
  EXPECT_EQ(parseError(R"({"name": "x", "torus": [12, 257]})"),
            "m.json: 'torus' sides must be in [1, 256]");
  std::string error;
  auto m = parseMachine(R"({"name": "x", "width": 256, "height": 256})",
                        "m.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->numChips(), 256 * 256);
}

TEST(Machine, FieldsOfTheWrongTypeAreNamed) {
  EXPECT_EQ(parseError(R"({"name": "x", "description": 5, "width": 2,
                           "height": 2})"),
            "m.json: 'description' must be a string");
  EXPECT_EQ(parseError(R"({"name": "x", "width": 2, "height": 2,
                           "links": [1, 2, 3, 4, 5, 6]})"),
            "m.json: 'links': each link is {\"name\": ..., \"dx\": ..., "
            "\"dy\": ...}, got 1");
}

TEST(Machine, NamesResolveThroughTheMachinesDirectory) {
  setenv("GLIA_MACHINES_DIR", GLIA_TEST_MACHINES_DIR, 1);
  std::string error;
  auto m = loadMachine("spinn5", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->name, "spinn5");
  EXPECT_FALSE(loadMachine("no-such-machine", error));
  EXPECT_NE(error.find("unknown machine 'no-such-machine'"), std::string::npos);
}

} // namespace
