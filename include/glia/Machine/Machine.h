//===- Machine.h - SpiNNaker-style machine descriptions ---------*- C++ -*-===//
//
// The hardware is data (ARCHITECTURE.md, invariant 6): the shape of the
// machine, its cores, memories, router capacity, links and faults come from a
// JSON description in machines/, never from constants in the passes. This
// header is plain C++ so that the runtime's board emulator can use it too.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MACHINE_MACHINE_H
#define GLIA_MACHINE_MACHINE_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glia::machine {

constexpr int kNumLinks = 6;

/// Chip coordinates on the machine's (x, y) grid.
struct ChipCoord {
  int x = 0;
  int y = 0;
  friend bool operator==(ChipCoord a, ChipCoord b) {
    return a.x == b.x && a.y == b.y;
  }
  friend bool operator!=(ChipCoord a, ChipCoord b) { return !(a == b); }
};

/// The offset a link leads to. Link l's opposite is (l + 3) mod 6.
struct LinkOffset {
  std::string name;
  int dx = 0;
  int dy = 0;
};

/// The most chips a machine has along either side: 256, as a SpiNNaker
/// chip's point-to-point address holds x and y in 8 bits each (the largest
/// machine built, 1,200 boards, is 240 x 240). The bound was 4096: a
/// 4096 x 4096 grid took over 3 GB to compile, and 1024 x 1024 31 s and
/// 405 MB, much of it building the image manifest's list of every chip
/// (0.15 s for 256 x 256). The board emulator refuses an
/// image whose machine is larger (its routers keep state per chip), so a
/// hand-made manifest cannot make that state absurd either.
inline constexpr int kMaxMachineSide = 256;

/// A loaded machine. Chips are numbered id = y * width + x; a chip that is
/// outside the board outline or dead is "absent".
class Machine {
public:
  std::string name;
  std::string description;
  int width = 0;
  int height = 0;
  bool wrap = false;
  int boards = 0;
  int coresPerChip = 18;
  int applicationCores = 17;
  uint64_t dtcmBytes = 64 * 1024;
  uint64_t itcmBytes = 32 * 1024;
  uint64_t sdramBytesPerChip = 0;
  int routerEntries = 1023;
  /// Processor clock, for the CPU budget of one timestep.
  uint64_t cpuHz = 200'000'000;
  std::array<LinkOffset, kNumLinks> links;

  int numChipSlots() const { return width * height; }
  int chipId(int x, int y) const { return y * width + x; }
  ChipCoord coord(int id) const { return {id % width, id / width}; }
  bool inBounds(int x, int y) const {
    return x >= 0 && y >= 0 && x < width && y < height;
  }

  /// Whether chip (x, y) exists and is alive.
  bool hasChip(int x, int y) const {
    return inBounds(x, y) && chipAlive[chipId(x, y)];
  }
  bool hasChip(int id) const { return chipAlive[id]; }
  int numChips() const { return liveChips; }

  /// The application cores of chip `id` that are usable, ascending. Core 0
  /// is the monitor; application cores are 1 .. applicationCores.
  std::vector<int> usableCores(int id) const;
  int numUsableCores(int id) const;
  /// Usable application cores on the whole machine.
  int64_t totalUsableCores() const;

  /// The chip link `link` of chip `id` leads to, if the link exists, works
  /// at both ends and the chip there is alive.
  std::optional<int> neighbour(int id, int link) const;

  /// Minimal hexagonal offset from a to b (taking wrap-around into account):
  /// the (dx, dy) with the fewest hops.
  std::pair<int, int> shortestOffset(ChipCoord a, ChipCoord b) const;
  /// Hops between two chips on a fault-free mesh.
  int distance(ChipCoord a, ChipCoord b) const;
  static int hexLength(int dx, int dy);

  // Faults and layout, as filled in by the loader.
  std::vector<uint8_t> chipAlive;     // per chip slot
  std::vector<uint32_t> deadCoreBits; // per chip slot, bit p = core p dead
  std::vector<uint8_t> deadLinkBits;  // per chip slot, bit l = link l dead
  int liveChips = 0;
};

/// The 48 chips of a SpiNN-5 board relative to its origin, in the 8x8 box.
const std::vector<ChipCoord> &spinn5BoardChips();

/// Parses a machine description (JSON text). `origin` names the text in
/// messages. On failure returns nullopt and sets `error`.
std::optional<Machine> parseMachine(const std::string &text,
                                    const std::string &origin,
                                    std::string &error);

/// Loads `spec`: a path to a .json file, or the name of a machine in the
/// machines directory (see machinesDirectories()).
std::optional<Machine> loadMachine(const std::string &spec, std::string &error);

/// Where machine names are looked up, in order: $GLIA_MACHINES_DIR, then
/// directories relative to the running executable (../machines,
/// ../share/glia/machines, ../../../machines for a build tree), then the
/// source tree's machines/ directory known at build time.
std::vector<std::string> machinesDirectories();

} // namespace glia::machine

#endif // GLIA_MACHINE_MACHINE_H
