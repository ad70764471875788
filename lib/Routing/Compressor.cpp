//===- Compressor.cpp - order-exploiting routing-table compression --------===//
//
// The working table is kept ordered by generality (free bits), most specific
// first; a merged entry goes below every other entry at most as general as
// itself. Every original entry's cube is remembered per route: those are the
// keys some entry of that route must still deliver, and they are what the
// up- and down-checks test against (conservatively: an original's whole cube,
// even where an earlier entry shadows part of it).
//
//===----------------------------------------------------------------------===//

#include "glia/Routing/Compressor.h"

#include "Cube.h"

#include <algorithm>
#include <numeric>
#include <queue>
#include <unordered_map>

namespace glia::routing {
namespace {

struct Slot {
  Cube cube;
  uint32_t route = 0;
  uint32_t source = 0;
  int routeId = 0;
  uint32_t id = 0; // stable across merges, unlike the table position
};

/// A default-routable entry left out of the table: its keys must match
/// nothing, or an entry with its route.
struct Removed {
  Cube cube;
  int routeId = 0;
};

/// A merge that passed both checks: `members` (table positions, ascending)
/// become one entry `cube`, inserted before table position `position`.
struct Merge {
  std::vector<size_t> members;
  Cube cube;
  size_t position = 0;
};

/// Whether sorting by generality keeps the meaning: no entry with a different
/// route overlaps a more specific entry that comes after it.
bool sortableByGenerality(const std::vector<Slot> &table) {
  bool sameMask = std::all_of(table.begin(), table.end(), [&](const Slot &s) {
    return s.cube.mask == table.front().cube.mask;
  });
  if (sameMask)
    return true; // equal generality everywhere: a stable sort moves nothing
  for (size_t i = 0; i < table.size(); ++i)
    for (size_t j = i + 1; j < table.size(); ++j)
      if (table[i].routeId != table[j].routeId &&
          table[i].cube.generality() > table[j].cube.generality() &&
          table[i].cube.intersects(table[j].cube))
        return false;
  return true;
}

/// A merge to try: same-route entries `first` and `second` (by slot id) and
/// everything of their route inside their cover.
struct Candidate {
  int overlapped = 0; // entries of other routes the cover overlaps
  int generality = 0; // of the cover
  uint32_t first = 0, second = 0;

  /// Priority-queue order: the top is the cover that overlaps the fewest
  /// entries of other routes (each one it overlaps must stay above it from
  /// then on), then the most specific one.
  friend bool operator<(const Candidate &a, const Candidate &b) {
    if (a.overlapped != b.overlapped)
      return a.overlapped > b.overlapped;
    return a.generality > b.generality;
  }
};

/// Routes with more entries than this pair each entry only with its nearest
/// neighbours in key order, not with every other entry (quadratic).
constexpr size_t kAllPairsLimit = 64;
constexpr size_t kNeighbours = 16;

/// Counting the entries a candidate's cover overlaps costs a pass over the
/// table per candidate; above this size candidates are ranked by generality
/// alone, keeping huge tables near-quadratic rather than cubic.
constexpr size_t kOverlapRankLimit = 4096;

class OrderedCovering {
public:
  OrderedCovering(const std::vector<Entry> &entries, CompressOptions options)
      : options(options) {
    load(entries);
    removeDefaultRoutable();
  }

  /// Merges greedily, least intrusive cover first (like Kruskal's algorithm
  /// over same-route pairs): the cover overlapping the fewest entries of
  /// other routes, then the most specific. Such a merge blocks few later
  /// merges; merging the largest groups first, as the original Ordered
  /// Covering does, builds general entries early that then clash with most
  /// later candidates (on the benchmark: 937 entries per table instead of
  /// 865). A refused candidate is not retried: entries only move down and
  /// get more general, so its clashes rarely go away (a second round gained
  /// under one entry per table).
  std::vector<Entry> run() {
    queueInitialPairs();
    while (!queue.empty() && !fits()) {
      Candidate candidate = queue.top();
      queue.pop();
      if (retired[candidate.first] || retired[candidate.second])
        continue;
      if (std::optional<Merge> merge = plan(candidate))
        queuePairsWith(apply(*merge));
    }
    return entries();
  }

private:
  bool fits() const {
    return options.target && table.size() <= *options.target;
  }

  int internRoute(uint32_t route) {
    auto [it, inserted] = routeIds.try_emplace(route, int(routeIds.size()));
    if (inserted)
      originalsByRoute.emplace_back();
    return it->second;
  }

  void load(const std::vector<Entry> &input) {
    std::vector<bool> defaults;
    for (const Entry &entry : input) {
      Cube cube = Cube::of(entry);
      if (cube.isEmpty())
        continue; // matches no key: dropping it changes nothing
      int routeId = internRoute(entry.route);
      table.push_back({cube, entry.route, entry.source, routeId, 0});
      originalsByRoute[routeId].push_back(cube);
      defaults.push_back(isDefaultRoutable(entry));
    }
    if (sortableByGenerality(table)) {
      std::vector<size_t> order(table.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return table[a].cube.generality() < table[b].cube.generality();
      });
      std::vector<Slot> sorted;
      std::vector<bool> sortedDefaults;
      for (size_t i : order) {
        sorted.push_back(table[i]);
        sortedDefaults.push_back(defaults[i]);
      }
      table = std::move(sorted);
      defaults = std::move(sortedDefaults);
    } // otherwise keep the given order: the checks below still hold
    defaultRoutable = std::move(defaults);
  }

  /// Drops default-routable entries whose keys would otherwise fall through
  /// to nothing or to an entry of the same route (never to another route).
  void removeDefaultRoutable() {
    std::vector<Slot> kept;
    for (size_t i = 0; i < table.size(); ++i) {
      if (defaultRoutable[i] && !caughtBelow(i)) {
        removed.push_back({table[i].cube, table[i].routeId});
        continue;
      }
      kept.push_back(table[i]);
      kept.back().id = uint32_t(retired.size());
      retired.push_back(false);
    }
    table = std::move(kept);
  }

  bool caughtBelow(size_t position) const {
    const Slot &slot = table[position];
    for (size_t j = position + 1; j < table.size(); ++j)
      if (table[j].routeId != slot.routeId &&
          table[j].cube.intersects(slot.cube))
        return true;
    return false;
  }

  Candidate candidateFor(size_t a, size_t b) const {
    Cube cover = table[a].cube.cover(table[b].cube);
    // All overlapped entries (a flat loop over arrays, which vectorises)
    // less those of the pair's own route.
    int overlapped = 0;
    if (keys.size() > kOverlapRankLimit)
      return {overlapped, cover.generality(), table[a].id, table[b].id};
    for (size_t i = 0; i < keys.size(); ++i)
      overlapped += ((keys[i] ^ cover.key) & masks[i] & cover.mask) == 0;
    for (size_t same : byRoute[table[a].routeId])
      overlapped -= table[same].cube.intersects(cover);
    return {overlapped, cover.generality(), table[a].id, table[b].id};
  }

  /// Table positions per route, and the cubes as flat arrays; rebuilt after
  /// each merge.
  void indexRoutes() {
    byRoute.assign(routeIds.size(), {});
    keys.clear();
    masks.clear();
    positionById.resize(retired.size());
    for (size_t i = 0; i < table.size(); ++i) {
      positionById[table[i].id] = i;
      byRoute[table[i].routeId].push_back(i);
      keys.push_back(table[i].cube.key);
      masks.push_back(table[i].cube.mask);
    }
  }

  void queueInitialPairs() {
    indexRoutes();
    for (std::vector<size_t> group : byRoute) {
      size_t reach = group.size();
      if (group.size() > kAllPairsLimit) {
        // Keys sharing a long prefix sit close together in key order.
        std::sort(group.begin(), group.end(), [&](size_t a, size_t b) {
          return table[a].cube.key < table[b].cube.key;
        });
        reach = kNeighbours;
      }
      for (size_t i = 0; i < group.size(); ++i)
        for (size_t j = i + 1; j < group.size() && j <= i + reach; ++j)
          queue.push(candidateFor(group[i], group[j]));
    }
  }

  /// Pairs a new entry with the others of its route; in a large group only
  /// with those giving the most specific covers, to bound the queue.
  void queuePairsWith(size_t position) {
    std::vector<size_t> partners;
    for (size_t other : byRoute[table[position].routeId])
      if (other != position)
        partners.push_back(other);
    if (partners.size() > kAllPairsLimit) {
      Cube merged = table[position].cube;
      auto coverGenerality = [&](size_t other) {
        return merged.cover(table[other].cube).generality();
      };
      std::nth_element(partners.begin(), partners.begin() + kNeighbours,
                       partners.end(), [&](size_t a, size_t b) {
                         return coverGenerality(a) < coverGenerality(b);
                       });
      partners.resize(kNeighbours);
    }
    for (size_t partner : partners)
      queue.push(candidateFor(position, partner));
  }

  /// The merge of `candidate`'s pair and the entries of its route inside
  /// their cover, if it passes both checks. Entries inside the cover that
  /// fail the up-check just stay where they are.
  std::optional<Merge> plan(const Candidate &candidate) {
    size_t first = positionById[candidate.first];
    size_t second = positionById[candidate.second];
    int routeId = table[first].routeId;
    Cube cover = table[first].cube.cover(table[second].cube);
    std::vector<size_t> members;
    for (size_t position : byRoute[routeId])
      if (cover.contains(table[position].cube))
        members.push_back(position);
    markMembers(members);
    size_t position = insertionPoint(cover);
    if (!canMoveDown(first, position, routeId) ||
        !canMoveDown(second, position, routeId))
      return std::nullopt;
    std::vector<size_t> movable;
    for (size_t member : members)
      if (member == first || member == second ||
          canMoveDown(member, position, routeId))
        movable.push_back(member);
    if (movable.size() != members.size()) {
      members = std::move(movable);
      markMembers(members);
      position = insertionPoint(cover);
    }
    if (clashes(cover, position, routeId))
      return std::nullopt;
    return Merge{std::move(members), cover, position};
  }

  void markMembers(const std::vector<size_t> &members) {
    isMember.assign(table.size(), false);
    for (size_t member : members)
      isMember[member] = true;
  }

  /// One past the last non-member at most as general as `cover`.
  size_t insertionPoint(Cube cover) const {
    int generality = cover.generality();
    for (size_t i = table.size(); i-- > 0;)
      if (!isMember[i] && table[i].cube.generality() <= generality)
        return i + 1;
    return 0;
  }

  /// Up-check: moving `member` down to `position` must not let an entry in
  /// between, of another route, catch keys the member delivers.
  bool canMoveDown(size_t member, size_t position, int routeId) const {
    Cube moving = table[member].cube;
    for (size_t i = member + 1; i < position; ++i) {
      if (((keys[i] ^ moving.key) & masks[i] & moving.mask) != 0)
        continue; // the common case, tested on the flat arrays
      const Slot &between = table[i];
      if (isMember[i] || between.routeId == routeId)
        continue;
      for (Cube original : originalsByRoute[routeId])
        if (original.intersects(moving) && original.intersects(between.cube))
          return false;
    }
    return true;
  }

  /// Down-check: whether `cover`, inserted at `position`, would catch keys
  /// that another route must deliver: keys of entries below it, or of
  /// removed default-routable entries.
  bool clashes(Cube cover, size_t position, int routeId) const {
    for (const Removed &entry : removed)
      if (entry.routeId != routeId && entry.cube.intersects(cover))
        return true;
    for (size_t i = position; i < table.size(); ++i) {
      const Slot &below = table[i];
      if (isMember[i] || below.routeId == routeId ||
          !below.cube.intersects(cover))
        continue;
      Cube caught = below.cube.intersection(cover);
      for (Cube original : originalsByRoute[below.routeId])
        if (original.intersects(caught))
          return true;
    }
    return false;
  }

  /// Replaces the members by the merged entry; returns its position.
  size_t apply(const Merge &merge) {
    const Slot &first = table[merge.members.front()];
    Slot combined{merge.cube, first.route, 0, first.routeId,
                  uint32_t(retired.size())};
    retired.push_back(false);
    for (size_t member : merge.members) {
      combined.source |= table[member].source;
      retired[table[member].id] = true;
    }
    std::vector<Slot> next;
    next.reserve(table.size());
    size_t position = 0;
    for (size_t i = 0; i <= table.size(); ++i) {
      if (i == merge.position) {
        position = next.size();
        next.push_back(combined);
      }
      if (i < table.size() &&
          !std::binary_search(merge.members.begin(), merge.members.end(), i))
        next.push_back(table[i]);
    }
    table = std::move(next);
    indexRoutes();
    return position;
  }

  std::vector<Entry> entries() const {
    std::vector<Entry> result;
    result.reserve(table.size());
    for (const Slot &slot : table)
      result.push_back(
          {slot.cube.key, slot.cube.mask, slot.source, slot.route});
    return result;
  }

  CompressOptions options;
  std::vector<Slot> table;
  std::vector<bool> defaultRoutable; // parallel to `table` until removal
  std::vector<Removed> removed;
  std::unordered_map<uint32_t, int> routeIds;
  std::vector<std::vector<Cube>> originalsByRoute;
  std::vector<std::vector<size_t>> byRoute;
  std::vector<uint32_t> keys, masks; // of `table`, for fast scans
  std::vector<size_t> positionById;  // table position of each live slot id
  std::priority_queue<Candidate> queue;
  std::vector<bool> retired;  // by slot id: merged into another entry
  std::vector<bool> isMember; // scratch, parallel to `table` during plan
};

} // namespace

std::vector<Entry> compress(const std::vector<Entry> &entries,
                            const CompressOptions &options) {
  return OrderedCovering(entries, options).run();
}

} // namespace glia::routing
