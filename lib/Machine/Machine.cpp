//===- Machine.cpp - load SpiNNaker-style machine descriptions ------------===//
//
// A plain C++ library (exceptions on): nlohmann/json throws, and every throw
// is caught here and turned into a message naming the file and the field.
//
//===----------------------------------------------------------------------===//

#include "glia/Machine/Machine.h"
#include "glia/Support/InputFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

namespace glia::machine {

namespace {
using json = nlohmann::json;

/// A description error: carries the message to the single catch in
/// parseMachine, which prefixes the file name.
struct DescriptionError {
  std::string message;
};

[[noreturn]] void fail(const std::string &message) {
  throw DescriptionError{message};
}

/// The standard SpiNNaker link set: the route word's bit order is fixed by
/// the router hardware, so a description may restate it but not change it.
const std::array<LinkOffset, kNumLinks> kStandardLinks = {{{"E", 1, 0},
                                                           {"NE", 1, 1},
                                                           {"N", 0, 1},
                                                           {"W", -1, 0},
                                                           {"SW", -1, -1},
                                                           {"S", 0, -1}}};

const std::set<std::string> kKnownKeys = {
    "name",           "description",    "width",
    "height",         "wrap",           "torus",
    "boards",         "cores_per_chip", "application_cores",
    "dtcm_bytes",     "itcm_bytes",     "sdram_bytes_per_chip",
    "router_entries", "cpu_hz",         "links",
    "dead_chips",     "dead_cores",     "dead_links"};

/// `value` as an int, or none when it is not an integer or does not fit
/// (nlohmann's get<int> would wrap 4294967296 to 0, a chip that exists).
std::optional<int> intOf(const json &value) {
  if (value.is_number_unsigned()) {
    uint64_t v = value.get<uint64_t>();
    if (v <= uint64_t(std::numeric_limits<int>::max()))
      return int(v);
  } else if (value.is_number_integer()) {
    int64_t v = value.get<int64_t>();
    if (v >= std::numeric_limits<int>::min() &&
        v <= std::numeric_limits<int>::max())
      return int(v);
  }
  return std::nullopt;
}

template <typename T>
T getInt(const json &doc, const char *key, T fallback, long long min,
         long long max) {
  if (!doc.contains(key))
    return fallback;
  const json &value = doc.at(key);
  if (!value.is_number_integer())
    fail(std::string("'") + key + "' must be an integer");
  // Compared as given: an unsigned value above LLONG_MAX must not wrap.
  bool inRange =
      value.is_number_unsigned()
          ? value.get<uint64_t>() >= uint64_t(std::max(min, 0LL)) &&
                value.get<uint64_t>() <= uint64_t(max)
          : value.get<long long>() >= min && value.get<long long>() <= max;
  if (!inRange)
    fail(std::string("'") + key + "' must be in [" + std::to_string(min) +
         ", " + std::to_string(max) + "], got " + value.dump());
  return static_cast<T>(value.get<long long>());
}

void readLinks(const json &doc, Machine &m) {
  m.links = kStandardLinks;
  if (!doc.contains("links"))
    return;
  const json &links = doc.at("links");
  if (!links.is_array() || links.size() != kNumLinks)
    fail("'links' must list the 6 links E, NE, N, W, SW, S");
  for (int l = 0; l < kNumLinks; ++l) {
    const json &link = links[l];
    if (!link.is_object() || !link.value("name", json()).is_string() ||
        !link.value("dx", json()).is_number_integer() ||
        !link.value("dy", json()).is_number_integer())
      fail("'links': each link is {\"name\": ..., \"dx\": ..., \"dy\": ...}, "
           "got " +
           link.dump());
    LinkOffset given{link.value("name", ""), link.value("dx", 0),
                     link.value("dy", 0)};
    const LinkOffset &want = kStandardLinks[l];
    if (given.name != want.name || given.dx != want.dx || given.dy != want.dy)
      fail("link " + std::to_string(l) + " must be " + want.name + " (" +
           std::to_string(want.dx) + ", " + std::to_string(want.dy) +
           "): the router's route word fixes the link order");
  }
}

/// Origins of the boards of a 3-board-triad torus of `count` boards.
std::vector<ChipCoord> triadBoardOrigins(int count, int width, int height) {
  if (width % 12 || height % 12)
    fail("a torus of SpiNN-5 boards needs sides that are multiples of 12, "
         "got " +
         std::to_string(width) + "x" + std::to_string(height));
  int expected = 3 * (width / 12) * (height / 12);
  if (count != expected)
    fail("a " + std::to_string(width) + "x" + std::to_string(height) +
         " torus holds " + std::to_string(expected) + " boards, not " +
         std::to_string(count));
  std::vector<ChipCoord> origins;
  for (int x = 0; x < width; x += 12)
    for (int y = 0; y < height; y += 12)
      for (ChipCoord d : {ChipCoord{0, 0}, ChipCoord{4, 8}, ChipCoord{8, 4}})
        origins.push_back({x + d.x, y + d.y});
  return origins;
}

ChipCoord readCoord(const json &entry, const Machine &m, const char *what,
                    size_t arity) {
  if (!entry.is_array() || entry.size() != arity)
    fail(std::string("each entry of '") + what + "' must be an array of " +
         std::to_string(arity) + " values");
  std::optional<int> x = intOf(entry[0]), y = intOf(entry[1]);
  if (!x || !y)
    fail(std::string("'") + what +
         "': coordinates must be integers within the machine, got " +
         entry.dump());
  ChipCoord c{*x, *y};
  if (!m.inBounds(c.x, c.y))
    fail(std::string("'") + what + "': chip (" + std::to_string(c.x) + ", " +
         std::to_string(c.y) + ") is outside the " + std::to_string(m.width) +
         "x" + std::to_string(m.height) + " machine");
  return c;
}

/// Marks the chips of the board outline (or the whole grid) as present.
void layOutChips(const json &doc, Machine &m) {
  m.chipAlive.assign(m.numChipSlots(), 0);
  if (!doc.contains("boards")) {
    std::fill(m.chipAlive.begin(), m.chipAlive.end(), 1);
    m.boards = 0;
    return;
  }
  const json &boards = doc.at("boards");
  std::vector<ChipCoord> origins;
  if (boards.is_number_integer()) {
    std::optional<int> count = intOf(boards);
    if (!count)
      fail("'boards' count " + boards.dump() + " is out of range");
    origins = triadBoardOrigins(*count, m.width, m.height);
  } else if (boards.is_array())
    for (const json &entry : boards)
      origins.push_back(readCoord(entry, m, "boards", 2));
  else
    fail("'boards' must be a board count (with 'torus') or a list of board "
         "origins [x, y]");
  m.boards = static_cast<int>(origins.size());
  for (ChipCoord origin : origins) {
    for (ChipCoord d : spinn5BoardChips()) {
      int x = origin.x + d.x, y = origin.y + d.y;
      if (m.wrap) {
        x %= m.width;
        y %= m.height;
      }
      if (!m.inBounds(x, y))
        fail("the board at (" + std::to_string(origin.x) + ", " +
             std::to_string(origin.y) + ") does not fit in the machine");
      uint8_t &alive = m.chipAlive[m.chipId(x, y)];
      if (alive)
        fail("boards overlap at chip (" + std::to_string(x) + ", " +
             std::to_string(y) + ")");
      alive = 1;
    }
  }
}

int parseLinkName(const json &value) {
  if (value.is_number_integer()) {
    std::optional<int> l = intOf(value);
    if (l && *l >= 0 && *l < kNumLinks)
      return *l;
  } else if (value.is_string()) {
    for (int l = 0; l < kNumLinks; ++l)
      if (kStandardLinks[l].name == value.get<std::string>())
        return l;
  }
  fail("'dead_links': a link is one of E, NE, N, W, SW, S or 0-5, got " +
       value.dump());
}

/// A fault's chip: within the machine and on one of its boards. A fault
/// on a chip that no board has is a wrong coordinate, not a fault.
ChipCoord readFaultyChip(const json &entry, const Machine &m,
                         const std::vector<uint8_t> &onABoard, const char *what,
                         size_t arity) {
  ChipCoord c = readCoord(entry, m, what, arity);
  if (!onABoard[m.chipId(c.x, c.y)])
    fail(std::string("'") + what + "': chip (" + std::to_string(c.x) + ", " +
         std::to_string(c.y) + ") is on none of the machine's boards");
  return c;
}

void readFaults(const json &doc, Machine &m) {
  const std::vector<uint8_t> onABoard = m.chipAlive; // before any fault
  m.deadCoreBits.assign(m.numChipSlots(), 0);
  m.deadLinkBits.assign(m.numChipSlots(), 0);
  for (const json &entry : doc.value("dead_chips", json::array())) {
    ChipCoord c = readFaultyChip(entry, m, onABoard, "dead_chips", 2);
    m.chipAlive[m.chipId(c.x, c.y)] = 0;
  }
  for (const json &entry : doc.value("dead_cores", json::array())) {
    ChipCoord c = readFaultyChip(entry, m, onABoard, "dead_cores", 3);
    std::optional<int> core = intOf(entry[2]);
    if (!core || *core < 0 || *core >= m.coresPerChip)
      fail("'dead_cores': core must be in [0, " +
           std::to_string(m.coresPerChip) + "), got " + entry[2].dump());
    m.deadCoreBits[m.chipId(c.x, c.y)] |= 1u << *core;
  }
  for (const json &entry : doc.value("dead_links", json::array())) {
    ChipCoord c = readFaultyChip(entry, m, onABoard, "dead_links", 3);
    m.deadLinkBits[m.chipId(c.x, c.y)] |= 1u << parseLinkName(entry[2]);
  }
  m.liveChips = static_cast<int>(
      std::count(m.chipAlive.begin(), m.chipAlive.end(), uint8_t(1)));
  if (m.liveChips == 0)
    fail("the machine has no live chips");
}

void readShape(const json &doc, Machine &m) {
  if (doc.contains("torus")) {
    if (doc.contains("width") || doc.contains("height") || doc.contains("wrap"))
      fail("give either 'torus': [width, height] or 'width' and 'height' "
           "(and 'wrap'), not both");
    const json &torus = doc.at("torus");
    if (!torus.is_array() || torus.size() != 2)
      fail("'torus' must be [width, height]");
    std::optional<int> width = intOf(torus[0]), height = intOf(torus[1]);
    if (!width || !height)
      fail("'torus' must be [width, height]");
    m.width = *width;
    m.height = *height;
    m.wrap = true;
    if (m.width < 1 || m.height < 1 || m.width > kMaxMachineSide ||
        m.height > kMaxMachineSide)
      fail("'torus' sides must be in [1, " + std::to_string(kMaxMachineSide) +
           "]");
    return;
  }
  if (!doc.contains("width") || !doc.contains("height"))
    fail("needs 'width' and 'height' (or 'torus': [width, height])");
  m.width = getInt<int>(doc, "width", 0, 1, kMaxMachineSide);
  m.height = getInt<int>(doc, "height", 0, 1, kMaxMachineSide);
  if (doc.contains("wrap") && !doc.at("wrap").is_boolean())
    fail("'wrap' must be true or false");
  m.wrap = doc.value("wrap", false);
}

void readResources(const json &doc, Machine &m) {
  m.coresPerChip = getInt<int>(doc, "cores_per_chip", 18, 2, 26);
  m.applicationCores = getInt<int>(doc, "application_cores", m.coresPerChip - 1,
                                   1, m.coresPerChip - 1);
  m.dtcmBytes = getInt<uint64_t>(doc, "dtcm_bytes", 64 * 1024, 1024, 1 << 30);
  m.itcmBytes = getInt<uint64_t>(doc, "itcm_bytes", 32 * 1024, 0, 1 << 30);
  m.sdramBytesPerChip = getInt<uint64_t>(doc, "sdram_bytes_per_chip",
                                         123'000'000, 1024, 1LL << 40);
  m.routerEntries = getInt<int>(doc, "router_entries", 1023, 1, 1 << 20);
  m.cpuHz =
      getInt<uint64_t>(doc, "cpu_hz", 200'000'000, 1'000'000, 100'000'000'000);
}

Machine buildMachine(const json &doc) {
  if (!doc.is_object())
    fail("a machine description is a JSON object");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (!kKnownKeys.count(it.key()))
      fail("unknown field '" + it.key() + "'");
  Machine m;
  if (!doc.contains("name") || !doc.at("name").is_string())
    fail("needs a 'name' string");
  m.name = doc.at("name").get<std::string>();
  if (doc.contains("description") && !doc.at("description").is_string())
    fail("'description' must be a string");
  m.description = doc.value("description", "");
  readShape(doc, m);
  readResources(doc, m);
  readLinks(doc, m);
  layOutChips(doc, m);
  readFaults(doc, m);
  return m;
}

std::string lineColumn(const std::string &text, size_t byte) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}
} // namespace

const std::vector<ChipCoord> &spinn5BoardChips() {
  // Row y of a SpiNN-5 board holds chips x in [first, last]: the hexagon
  // that three boards tile a 12x12 torus with.
  static const std::vector<ChipCoord> chips = [] {
    static const int rows[8][2] = {{0, 4}, {0, 5}, {0, 6}, {0, 7},
                                   {1, 7}, {2, 7}, {3, 7}, {4, 7}};
    std::vector<ChipCoord> result;
    for (int y = 0; y < 8; ++y)
      for (int x = rows[y][0]; x <= rows[y][1]; ++x)
        result.push_back({x, y});
    return result;
  }();
  return chips;
}

std::vector<int> Machine::usableCores(int id) const {
  std::vector<int> cores;
  if (!chipAlive[id])
    return cores;
  for (int p = 1; p <= applicationCores; ++p)
    if (!(deadCoreBits[id] >> p & 1))
      cores.push_back(p);
  return cores;
}

int Machine::numUsableCores(int id) const {
  if (!chipAlive[id])
    return 0;
  int count = 0;
  for (int p = 1; p <= applicationCores; ++p)
    count += !(deadCoreBits[id] >> p & 1);
  return count;
}

int64_t Machine::totalUsableCores() const {
  int64_t total = 0;
  for (int id = 0; id < numChipSlots(); ++id)
    total += numUsableCores(id);
  return total;
}

std::optional<int> Machine::neighbour(int id, int link) const {
  if (!chipAlive[id] || (deadLinkBits[id] >> link & 1))
    return std::nullopt;
  ChipCoord c = coord(id);
  int x = c.x + links[link].dx, y = c.y + links[link].dy;
  if (wrap) {
    x = (x + width) % width;
    y = (y + height) % height;
  }
  if (!hasChip(x, y))
    return std::nullopt;
  int other = chipId(x, y);
  // A link works only if neither end reports it dead.
  if (deadLinkBits[other] >> ((link + 3) % kNumLinks) & 1)
    return std::nullopt;
  return other;
}

int Machine::hexLength(int dx, int dy) {
  // Steps along NE/SW move both coordinates at once, so same-sign offsets
  // cost max(|dx|, |dy|) and opposite-sign ones |dx| + |dy|.
  if ((dx >= 0) == (dy >= 0))
    return std::max(std::abs(dx), std::abs(dy));
  return std::abs(dx) + std::abs(dy);
}

std::pair<int, int> Machine::shortestOffset(ChipCoord a, ChipCoord b) const {
  int dx = b.x - a.x, dy = b.y - a.y;
  if (!wrap)
    return {dx, dy};
  // Only the two representatives of each offset nearest zero can be
  // shortest: dx in [0, width) and dx - width.
  dx = ((dx % width) + width) % width;
  dy = ((dy % height) + height) % height;
  std::pair<int, int> best{dx, dy};
  int bestLength = hexLength(dx, dy);
  for (int cx : {dx, dx - width})
    for (int cy : {dy, dy - height}) {
      int length = hexLength(cx, cy);
      if (length < bestLength) {
        bestLength = length;
        best = {cx, cy};
      }
    }
  return best;
}

int Machine::distance(ChipCoord a, ChipCoord b) const {
  auto [dx, dy] = shortestOffset(a, b);
  return hexLength(dx, dy);
}

/// `text` as JSON, refusing what a description never needs and nlohmann
/// would take: nesting deep enough to overflow the stack when the document
/// is copied (a description is four levels deep), and a key given twice
/// in one object (nlohmann keeps the last; the network importer refuses
/// it too).
json parseDescription(const std::string &text) {
  constexpr int kMaxDepth = 32;
  std::vector<std::set<std::string>> keys; // of each open object
  return json::parse(
      text, [&](int depth, json::parse_event_t event, json &parsed) {
        if (depth > kMaxDepth)
          fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        if (event == json::parse_event_t::object_start)
          keys.emplace_back();
        else if (event == json::parse_event_t::object_end)
          keys.pop_back();
        else if (event == json::parse_event_t::key &&
                 !keys.back().insert(parsed.get<std::string>()).second)
          fail("field '" + parsed.get<std::string>() + "' given twice");
        return true;
      });
}

std::optional<Machine> parseMachine(const std::string &text,
                                    const std::string &origin,
                                    std::string &error) {
  try {
    return buildMachine(parseDescription(text));
  } catch (const json::parse_error &e) {
    error = origin + ":" + lineColumn(text, e.byte ? e.byte - 1 : 0) +
            ": invalid JSON: " + e.what();
  } catch (const DescriptionError &e) {
    error = origin + ": " + e.message;
  } catch (const std::exception &e) {
    error = origin + ": " + e.what();
  }
  return std::nullopt;
}

std::vector<std::string> machinesDirectories() {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs;
  if (const char *env = std::getenv("GLIA_MACHINES_DIR"))
    dirs.push_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path bin = exe.parent_path();
    for (const char *rel :
         {"../machines", "../share/glia/machines", "../../../machines"})
      dirs.push_back((bin / rel).lexically_normal().string());
  }
#ifdef GLIA_SOURCE_MACHINES_DIR
  dirs.push_back(
      fs::path(GLIA_SOURCE_MACHINES_DIR).lexically_normal().string());
#endif
  // A build tree inside the source tree finds the same directory twice.
  std::vector<std::string> unique;
  for (const std::string &dir : dirs)
    if (std::find(unique.begin(), unique.end(), dir) == unique.end())
      unique.push_back(dir);
  return unique;
}

static std::optional<std::string> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::optional<Machine> loadMachine(const std::string &spec,
                                   std::string &error) {
  namespace fs = std::filesystem;
  bool isPath = spec.find('/') != std::string::npos ||
                fs::path(spec).extension() == ".json";
  if (isPath) {
    if (std::string problem = unreadableInput(spec); !problem.empty()) {
      error = "cannot read machine description '" + spec + "': " + problem;
      return std::nullopt;
    }
    auto text = readFile(spec);
    if (!text) {
      error = "cannot read machine description '" + spec + "'";
      return std::nullopt;
    }
    return parseMachine(*text, spec, error);
  }
  std::vector<std::string> dirs = machinesDirectories();
  for (const std::string &dir : dirs) {
    std::string path = dir + "/" + spec + ".json";
    if (auto text = readFile(path))
      return parseMachine(*text, path, error);
  }
  error = "unknown machine '" + spec + "': no " + spec + ".json in";
  for (const std::string &dir : dirs)
    error += " " + dir;
  error += " (set GLIA_MACHINES_DIR or give a path)";
  return std::nullopt;
}

} // namespace glia::machine
