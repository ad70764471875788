//===- TableFileTest.cpp - the benchmark file format ----------------------===//

#include "TestTables.h"

#include "glia/Routing/TableFile.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace glia::routing;
using namespace glia::routing::test;

namespace {

std::vector<Table> sampleTables() {
  return {Table{3,
                7,
                {entry(0x09072800, 0xfffff800, 0x30, linkBit(North)),
                 entry(0xdeadbeef, kExact, 0x12345678, 0x3f)}},
          Table{0, 0, {}}, Table{255, 11, {defaultRoutable(0x1)}}};
}

bool equal(const std::vector<Table> &a, const std::vector<Table> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].entries != b[i].entries)
      return false;
  return true;
}

TEST(TableFile, RoundTrip) {
  std::string bytes, error;
  ASSERT_TRUE(serializeTables(sampleTables(), bytes, error)) << error;
  EXPECT_EQ(bytes.size(), 3 * 4 + 3 * 16u);
  std::vector<Table> parsed;
  ASSERT_TRUE(parseTables(bytes, parsed, error)) << error;
  EXPECT_TRUE(equal(parsed, sampleTables()));
}

TEST(TableFile, LittleEndianLayout) {
  std::string bytes, error;
  ASSERT_TRUE(serializeTables(
      {Table{1, 2, {entry(0x04030201, 0x08070605, 0x100f0e0d, 0x0c0b0a09)}}},
      bytes, error));
  EXPECT_EQ(bytes, std::string("\x01\x02\x01\x00"
                               "\x01\x02\x03\x04\x05\x06\x07\x08"
                               "\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10",
                               20));
}

TEST(TableFile, EmptyInputHasNoTables) {
  std::vector<Table> parsed = sampleTables();
  std::string error;
  EXPECT_TRUE(parseTables("", parsed, error));
  EXPECT_TRUE(parsed.empty());
}

TEST(TableFile, TruncatedHeaderNamesTheOffset) {
  std::string bytes, error;
  ASSERT_TRUE(serializeTables(sampleTables(), bytes, error));
  bytes += "\x01\x02"; // half a header after 60 good bytes
  std::vector<Table> parsed;
  EXPECT_FALSE(parseTables(bytes, parsed, error));
  EXPECT_NE(error.find("truncated table header at byte offset 60"),
            std::string::npos)
      << error;
}

TEST(TableFile, TruncatedEntriesNameTheOffset) {
  std::string bytes, error;
  ASSERT_TRUE(serializeTables(sampleTables(), bytes, error));
  bytes.resize(4 + 16 + 7); // the first table claims two entries
  std::vector<Table> parsed;
  EXPECT_FALSE(parseTables(bytes, parsed, error));
  EXPECT_NE(error.find("truncated table (3, 7) at byte offset 0"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("header says 2 entries"), std::string::npos) << error;
  EXPECT_NE(error.find("ends at byte offset 27 after 1 whole entries"),
            std::string::npos)
      << error;
}

TEST(TableFile, HugeCountInCorruptHeaderIsAnErrorNotAnAllocation) {
  std::string bytes("\x00\x00\xff\xff", 4);
  std::vector<Table> parsed;
  std::string error;
  EXPECT_FALSE(parseTables(bytes, parsed, error));
  EXPECT_NE(error.find("header says 65535 entries"), std::string::npos);
}

TEST(TableFile, UnencodableTablesAreErrors) {
  std::string bytes, error;
  EXPECT_FALSE(serializeTables({Table{256, 0, {}}}, bytes, error));
  EXPECT_NE(error.find("coordinates must fit in a byte"), std::string::npos);
  Table big{1, 1, std::vector<Entry>(65536)};
  EXPECT_FALSE(serializeTables({big}, bytes, error));
  EXPECT_NE(error.find("65536 entries"), std::string::npos) << error;
}

TEST(TableFile, WriteThenRead) {
  std::string path = ::testing::TempDir() + "routing-tables-" +
                     std::to_string(::getpid()) + ".bin";
  std::string error;
  ASSERT_TRUE(writeTableFile(path, sampleTables(), error)) << error;
  std::vector<Table> read;
  ASSERT_TRUE(readTableFile(path, read, error)) << error;
  EXPECT_TRUE(equal(read, sampleTables()));
  std::remove(path.c_str());
}

TEST(TableFile, MissingFileIsAnError) {
  std::vector<Table> read;
  std::string error;
  EXPECT_FALSE(readTableFile("/nonexistent/tables.bin", read, error));
  EXPECT_NE(error.find("/nonexistent/tables.bin: cannot open"),
            std::string::npos)
      << error;
}

TEST(TableFile, UnwritablePathIsAnError) {
  std::string error;
  EXPECT_FALSE(
      writeTableFile("/nonexistent/dir/out.bin", sampleTables(), error));
  EXPECT_NE(error.find("cannot create"), std::string::npos) << error;
}

} // namespace
