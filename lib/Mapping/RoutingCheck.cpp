//===- RoutingCheck.cpp - do packets reach exactly their targets? ---------===//

#include "glia/Mapping/RoutingCheck.h"

#include <algorithm>
#include <deque>

namespace glia::mapping {

using machine::Machine;
using routing::Entry;

namespace {
enum class Outcome { Delivered, Split, Failed };

std::string chipName(const Machine &m, int chip) {
  auto c = m.coord(chip);
  return "(" + std::to_string(c.x) + ", " + std::to_string(c.y) + ")";
}

std::string coreList(uint32_t bits) {
  std::string text;
  for (int p = 0; p < 26; ++p)
    if (bits >> (routing::kNumLinks + p) & 1)
      text += (text.empty() ? "p" : ", p") + std::to_string(p);
  return text;
}

/// Whether `mask` selects a prefix: the entry then covers the interval
/// [key, key | ~mask].
bool isPrefixMask(uint32_t mask) {
  uint32_t low = ~mask;
  return (low & (low + 1)) == 0;
}

/// Whether a table's entries are prefix blocks sorted by key and pairwise
/// disjoint - what the table builder makes. Such a table is searched by
/// binary search; any other (a compressed one) entry by entry.
bool isSortedDisjoint(const std::vector<Entry> &table) {
  for (size_t i = 0; i < table.size(); ++i) {
    if (!isPrefixMask(table[i].mask))
      return false;
    if (i && (table[i - 1].key | ~table[i - 1].mask) >= table[i].key)
      return false;
  }
  return true;
}

class Simulator {
public:
  Simulator(const Machine &machine,
            const std::vector<std::vector<Entry>> &tables)
      : machine(machine), tables(tables), stamp(machine.numChipSlots(), 0),
        sortedDisjoint(tables.size(), 0) {
    for (size_t chip = 0; chip < tables.size(); ++chip)
      sortedDisjoint[chip] = isSortedDisjoint(tables[chip]);
  }

  /// Follows the keys matching (key, blockMask) from `source`'s chip.
  /// Split: some entry treats the block's keys differently.
  Outcome follow(const CheckSource &source, uint32_t key, uint32_t blockMask,
                 std::vector<std::pair<int, uint32_t>> &delivered,
                 std::string &error) {
    ++generation;
    delivered.clear();
    std::deque<std::pair<int, int>> queue{{source.chip, -1}};
    while (!queue.empty()) {
      auto [chip, in] = queue.front();
      queue.pop_front();
      if (stamp[chip] == generation) {
        error = "reaches chip " + chipName(machine, chip) +
                " twice (a loop or a duplicate path)";
        return Outcome::Failed;
      }
      stamp[chip] = generation;
      bool split = false;
      const Entry *match =
          sortedDisjoint[chip]
              ? searchSorted(tables[chip], key, blockMask, split)
              : searchInOrder(tables[chip], key, blockMask, split);
      if (split)
        return Outcome::Split;
      uint32_t route;
      if (match) {
        route = match->route;
      } else if (in < 0) {
        error = "has no entry at its source chip " + chipName(machine, chip) +
                ": the router drops its packets";
        return Outcome::Failed;
      } else {
        route = routing::linkBit((in + 3) % routing::kNumLinks);
      }
      if (route & ~routing::kLinkMask)
        delivered.push_back({chip, route & ~routing::kLinkMask});
      for (int l = 0; l < routing::kNumLinks; ++l) {
        if (!(route >> l & 1))
          continue;
        auto next = machine.neighbour(chip, l);
        if (!next) {
          error = "is sent over link " + machine.links[l].name + " of chip " +
                  chipName(machine, chip) +
                  ", which is dead or leads off the machine";
          return Outcome::Failed;
        }
        queue.push_back({*next, (l + 3) % routing::kNumLinks});
      }
    }
    std::sort(delivered.begin(), delivered.end());
    return Outcome::Delivered;
  }

private:
  /// The router's first match for the keys of (key, blockMask); `split` if
  /// that entry does not treat all of them alike.
  static const Entry *searchInOrder(const std::vector<Entry> &table,
                                    uint32_t key, uint32_t blockMask,
                                    bool &split) {
    for (const Entry &e : table) {
      if ((e.key ^ key) & e.mask & blockMask)
        continue;
      split = (e.mask & ~blockMask) != 0;
      return &e;
    }
    return nullptr;
  }

  /// The same for a sorted table of disjoint prefix blocks: the only entry
  /// that can hold the block's first key is the first one ending at or
  /// after it.
  static const Entry *searchSorted(const std::vector<Entry> &table,
                                   uint32_t key, uint32_t blockMask,
                                   bool &split) {
    uint32_t first = key & blockMask, last = first | ~blockMask;
    auto it = std::lower_bound(table.begin(), table.end(), first,
                               [](const Entry &e, uint32_t value) {
                                 return (e.key | ~e.mask) < value;
                               });
    if (it == table.end() || it->key > last)
      return nullptr;
    split = it->key > first || (it->key | ~it->mask) < last;
    return &*it;
  }

  const Machine &machine;
  const std::vector<std::vector<Entry>> &tables;
  std::vector<uint32_t> stamp;
  std::vector<char> sortedDisjoint;
  uint32_t generation = 0;
};

/// Compares what arrived with what must arrive; "" when equal.
std::string compareDelivery(const Machine &machine,
                            const std::vector<std::pair<int, uint32_t>> &got,
                            const std::vector<std::pair<int, uint32_t>> &want) {
  size_t i = 0, j = 0;
  while (i < got.size() || j < want.size()) {
    int chip =
        j == want.size() || (i < got.size() && got[i].first < want[j].first)
            ? got[i].first
            : want[j].first;
    uint32_t g = i < got.size() && got[i].first == chip ? got[i++].second : 0;
    uint32_t w =
        j < want.size() && want[j].first == chip ? want[j++].second : 0;
    if (w & ~g)
      return "never reaches core " + coreList(w & ~g) + " of chip " +
             chipName(machine, chip);
    if (g & ~w)
      return "also reaches core " + coreList(g & ~w) + " of chip " +
             chipName(machine, chip) + ", which is not a target";
  }
  return "";
}

char hexDigit(int v) { return "0123456789abcdef"[v & 15]; }

std::string hexKey(uint32_t key) {
  std::string text = "0x";
  for (int shift = 28; shift >= 0; shift -= 4)
    text += hexDigit(int(key >> shift));
  return text;
}
} // namespace

std::vector<std::string>
checkRouting(const Machine &machine,
             const std::vector<std::vector<Entry>> &tables,
             const std::vector<CheckSource> &sources, size_t maxErrors) {
  Simulator simulator(machine, tables);
  std::vector<std::string> errors;
  std::vector<std::pair<int, uint32_t>> delivered;
  for (const CheckSource &source : sources) {
    if (errors.size() >= maxErrors)
      break;
    // A core whose spikes nobody receives sends no packets (as on
    // SpiNNaker, where only vertices with outgoing edges get keys to send),
    // so its keys are don't-care to the tables and the compressor.
    if (source.targets.empty())
      continue;
    std::vector<std::pair<int, uint32_t>> want = source.targets;
    std::sort(want.begin(), want.end());
    // One pass for the whole key block; key by key only when an entry
    // distinguishes the block's keys.
    std::string error;
    uint32_t key = source.key;
    Outcome outcome =
        simulator.follow(source, key, source.mask, delivered, error);
    if (outcome == Outcome::Delivered)
      error = compareDelivery(machine, delivered, want);
    for (int64_t i = 0; outcome == Outcome::Split && i < source.atoms; ++i) {
      key = source.key + uint32_t(i);
      if (simulator.follow(source, key, ~uint32_t(0), delivered, error) ==
          Outcome::Delivered)
        error = compareDelivery(machine, delivered, want);
      if (!error.empty())
        break;
    }
    if (!error.empty())
      errors.push_back(source.name + " (key " + hexKey(key) + ") " + error);
  }
  return errors;
}

} // namespace glia::mapping
