//===- SpinnOps.cpp - spinn operations: syntax and verifiers --------------===//
//
// Slices, routes and tables have hand-written syntax so that a mapped
// program reads like a SpiNNaker mapping report: keys in hex, routes as
// link and core names. The data stays in dense i32 arrays.
//
//===----------------------------------------------------------------------===//

#include "glia/Dialect/Spinn/SpinnOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Format.h"

using namespace mlir;
using namespace glia::spinn;

static const char *const kLinkNames[kNumLinks] = {"E", "NE", "N",
                                                  "W", "SW", "S"};

StringRef glia::spinn::linkName(int link) { return kLinkNames[link]; }

std::string glia::spinn::formatRouteWord(uint32_t word) {
  std::string text = "[";
  auto add = [&](const std::string &item) {
    if (text.size() > 1)
      text += ", ";
    text += item;
  };
  for (int l = 0; l < kNumLinks; ++l)
    if (word >> l & 1)
      add(kLinkNames[l]);
  for (int p = 0; p < kMaxCores; ++p)
    if (word >> (kNumLinks + p) & 1)
      add("p" + std::to_string(p));
  return text + "]";
}

/// Parses "[E, p3, ...]" into a route word; `allowCores` is false for
/// source-link sets.
static ParseResult parseRouteWord(OpAsmParser &parser, uint32_t &word,
                                  bool allowCores) {
  word = 0;
  return parser.parseCommaSeparatedList(
      OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
        SMLoc loc = parser.getCurrentLocation();
        StringRef name;
        if (parser.parseKeyword(&name))
          return failure();
        for (int l = 0; l < kNumLinks; ++l)
          if (name == kLinkNames[l]) {
            word |= 1u << l;
            return success();
          }
        unsigned core;
        if (allowCores && name.consume_front("p") &&
            !name.getAsInteger(10, core) && core < kMaxCores) {
          word |= 1u << (kNumLinks + core);
          return success();
        }
        return parser.emitError(loc, "expected a link (E, NE, N, W, SW, S)")
               << (allowCores ? " or a core (p0 .. p25)" : "");
      });
}

/// "0x0001ff00": keys and masks print as 8 hex digits.
static std::string hex32(uint64_t value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format_hex(value, 10);
  return text;
}

static void printHex(OpAsmPrinter &printer, uint64_t value) {
  printer << hex32(value);
}

static ParseResult parseU32(OpAsmParser &parser, uint32_t &value) {
  SMLoc loc = parser.getCurrentLocation();
  uint64_t wide = 0;
  if (parser.parseInteger(wide))
    return failure();
  if (wide > 0xffffffffull)
    return parser.emitError(loc, "expected a 32-bit value");
  value = static_cast<uint32_t>(wide);
  return success();
}

//===----------------------------------------------------------------------===//
// MappingOp
//===----------------------------------------------------------------------===//

/// A chip has one table, and a core holds one slice.
LogicalResult MappingOp::verifyRegions() {
  llvm::DenseSet<std::pair<int32_t, int32_t>> tables;
  for (auto table : getBlock().getOps<TableOp>())
    if (!tables.insert({int32_t(table.getX()), int32_t(table.getY())}).second)
      return table.emitOpError("a second table for chip (")
             << table.getX() << ", " << table.getY() << ")";
  llvm::DenseMap<std::tuple<int32_t, int32_t, int32_t>, SliceOp> cores;
  for (auto slice : getBlock().getOps<SliceOp>()) {
    if (!slice.isPlaced())
      continue;
    auto [it, inserted] =
        cores.try_emplace({int32_t(*slice.getX()), int32_t(*slice.getY()),
                           int32_t(*slice.getP())},
                          slice);
    if (!inserted)
      return slice.emitOpError("is placed on core (")
                 .append(int32_t(*slice.getX()), ", ", int32_t(*slice.getY()),
                         ", ", int32_t(*slice.getP()), "), which holds @",
                         it->second.getSymName())
                 .attachNote(it->second.getLoc())
             << "placed here";
  }
  return success();
}

/// Checks that chip (x, y) is on the grid of the enclosing mapping.
static LogicalResult verifyChip(Operation *op, int64_t x, int64_t y) {
  auto mapping = op->getParentOfType<MappingOp>();
  if (x < 0 || y < 0 || x >= int32_t(mapping.getWidth()) ||
      y >= int32_t(mapping.getHeight()))
    return op->emitOpError("chip (")
           << x << ", " << y << ") is outside the "
           << int32_t(mapping.getWidth()) << " x "
           << int32_t(mapping.getHeight()) << " machine";
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

ParseResult SliceOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  StringAttr name, population;
  int64_t lo, hi;
  if (parser.parseSymbolName(name) ||
      parser.parseAttribute(population, "population", result.attributes) ||
      parser.parseLSquare() || parser.parseInteger(lo) || parser.parseComma() ||
      parser.parseInteger(hi) || parser.parseRParen())
    return failure();
  result.addAttribute(getSymNameAttrName(result.name), name);
  result.addAttribute(getLoAttrName(result.name), b.getI64IntegerAttr(lo));
  result.addAttribute(getHiAttrName(result.name), b.getI64IntegerAttr(hi));
  if (succeeded(parser.parseOptionalKeyword("at"))) {
    int32_t x, y, p;
    if (parser.parseLParen() || parser.parseInteger(x) || parser.parseComma() ||
        parser.parseInteger(y) || parser.parseComma() ||
        parser.parseInteger(p) || parser.parseRParen())
      return failure();
    result.addAttribute(getXAttrName(result.name), b.getI32IntegerAttr(x));
    result.addAttribute(getYAttrName(result.name), b.getI32IntegerAttr(y));
    result.addAttribute(getPAttrName(result.name), b.getI32IntegerAttr(p));
  }
  if (succeeded(parser.parseOptionalKeyword("key"))) {
    uint32_t key, mask;
    if (parseU32(parser, key) || parser.parseKeyword("mask") ||
        parseU32(parser, mask))
      return failure();
    result.addAttribute(getKeyAttrName(result.name), b.getI64IntegerAttr(key));
    result.addAttribute(getMaskAttrName(result.name),
                        b.getI64IntegerAttr(mask));
  }
  int64_t sdram, dtcm, cpu;
  if (parser.parseKeyword("sdram") || parser.parseInteger(sdram) ||
      parser.parseKeyword("dtcm") || parser.parseInteger(dtcm) ||
      parser.parseKeyword("cpu") || parser.parseInteger(cpu))
    return failure();
  result.addAttribute(getSdramAttrName(result.name),
                      b.getI64IntegerAttr(sdram));
  result.addAttribute(getDtcmAttrName(result.name), b.getI64IntegerAttr(dtcm));
  result.addAttribute(getCpuAttrName(result.name), b.getI64IntegerAttr(cpu));
  return parser.parseOptionalAttrDict(result.attributes);
}

void SliceOp::print(OpAsmPrinter &printer) {
  printer << " ";
  printer.printSymbolName(getSymName());
  printer << " ";
  printer.printAttribute(getPopulationAttr());
  printer << " [" << int64_t(getLo()) << ", " << int64_t(getHi()) << ")";
  if (isPlaced())
    printer << " at (" << int32_t(*getX()) << ", " << int32_t(*getY()) << ", "
            << int32_t(*getP()) << ")";
  if (hasKey()) {
    printer << " key ";
    printHex(printer, *getKey());
    printer << " mask ";
    printHex(printer, *getMask());
  }
  printer << " sdram " << int64_t(getSdram()) << " dtcm " << int64_t(getDtcm())
          << " cpu " << int64_t(getCpu());
  printer.printOptionalAttrDict(
      (*this)->getAttrs(),
      {getSymNameAttrName(), getPopulationAttrName(), getLoAttrName(),
       getHiAttrName(), getXAttrName(), getYAttrName(), getPAttrName(),
       getKeyAttrName(), getMaskAttrName(), getSdramAttrName(),
       getDtcmAttrName(), getCpuAttrName()});
}

LogicalResult SliceOp::verify() {
  // I64Attr/I32Attr getters are unsigned: read them back as signed.
  int64_t lo = getLo(), hi = getHi();
  if (lo < 0 || hi <= lo)
    return emitOpError("needs 0 <= lo < hi, got [") << lo << ", " << hi << ")";
  if (getX().has_value() != getY().has_value() ||
      getX().has_value() != getP().has_value())
    return emitOpError("needs all of x, y and p or none");
  if (isPlaced()) {
    if (failed(verifyChip(*this, int32_t(*getX()), int32_t(*getY()))))
      return failure();
    int32_t p = *getP();
    if (p < 0 || p >= kMaxCores)
      return emitOpError("core ")
             << p << " is outside [0, " << kMaxCores << ")";
  }
  if (getKey().has_value() != getMask().has_value())
    return emitOpError("needs both key and mask or neither");
  if (hasKey()) {
    uint64_t key = *getKey(), mask = *getMask();
    if (key > 0xffffffffull || mask > 0xffffffffull)
      return emitOpError("key and mask must be 32-bit values");
    if (key & ~mask)
      return emitOpError("key ")
             << hex32(key) << " has bits outside mask " << hex32(mask);
    uint64_t neurons = (~mask & 0xffffffffull) + 1;
    if (neurons < uint64_t(getSize()))
      return emitOpError("mask leaves room for ")
             << neurons << " neuron keys, the slice has " << getSize();
  }
  if (int64_t(getSdram()) < 0 || int64_t(getDtcm()) < 0 ||
      int64_t(getCpu()) < 0)
    return emitOpError("resource estimates must be >= 0");
  return success();
}

//===----------------------------------------------------------------------===//
// RouteOp
//===----------------------------------------------------------------------===//

ParseResult RouteOp::parse(OpAsmParser &parser, OperationState &result) {
  FlatSymbolRefAttr source;
  if (parser.parseAttribute(source, "source", result.attributes))
    return failure();
  SmallVector<int32_t> nodes;
  auto parseNode = [&]() -> ParseResult {
    int32_t x, y;
    uint32_t word;
    StringRef from;
    SMLoc loc;
    if (parser.parseLParen() || parser.parseInteger(x) || parser.parseComma() ||
        parser.parseInteger(y) || parser.parseRParen() ||
        parser.parseKeyword("from") ||
        (loc = parser.getCurrentLocation(), parser.parseKeyword(&from)))
      return failure();
    int32_t in = -2;
    if (from == "local")
      in = -1;
    for (int l = 0; l < kNumLinks; ++l)
      if (from == kLinkNames[l])
        in = l;
    if (in == -2)
      return parser.emitError(loc, "expected 'local' or a link name");
    if (parser.parseKeyword("to") || parseRouteWord(parser, word, true))
      return failure();
    nodes.append({x, y, in, static_cast<int32_t>(word)});
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     parseNode) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  result.addAttribute(getNodesAttrName(result.name),
                      parser.getBuilder().getDenseI32ArrayAttr(nodes));
  return success();
}

void RouteOp::print(OpAsmPrinter &printer) {
  printer << " ";
  printer.printAttributeWithoutType(getSourceAttr());
  printer << " [";
  ArrayRef<int32_t> nodes = getNodes();
  for (size_t i = 0; i + 3 < nodes.size(); i += 4) {
    if (i)
      printer << ", ";
    printer << "(" << nodes[i] << ", " << nodes[i + 1] << ") from "
            << (nodes[i + 2] < 0 ? StringRef("local") : linkName(nodes[i + 2]))
            << " to " << formatRouteWord(nodes[i + 3]);
  }
  printer << "]";
  printer.printOptionalAttrDict((*this)->getAttrs(),
                                {getSourceAttrName(), getNodesAttrName()});
}

/// The chip link `link` of (x, y) leads to on a width x height grid,
/// wrapping around (on a machine without wrap-around such a link does not
/// exist, and the routing check reports its use).
static std::pair<int32_t, int32_t> across(int32_t x, int32_t y, int link,
                                          int32_t width, int32_t height) {
  static const int dx[kNumLinks] = {1, 1, 0, -1, -1, 0};
  static const int dy[kNumLinks] = {0, 1, 1, 0, -1, -1};
  // In 64 bits: a hand-written mapping may be 2^31 - 1 chips wide.
  return {int32_t((int64_t(x) + dx[link] + width) % width),
          int32_t((int64_t(y) + dy[link] + height) % height)};
}

/// Every node but the source hangs off an earlier node that sends to it,
/// and every link a node sends on leads to a node that receives from it.
static LogicalResult verifyTreeLinks(RouteOp op) {
  ArrayRef<int32_t> nodes = op.getNodes();
  auto mapping = op->getParentOfType<MappingOp>();
  int32_t width = mapping.getWidth(), height = mapping.getHeight();
  llvm::DenseMap<std::pair<int32_t, int32_t>, size_t> index;
  for (size_t i = 0; i < nodes.size(); i += 4)
    index[{nodes[i], nodes[i + 1]}] = i;
  for (size_t i = 0; i < nodes.size(); i += 4) {
    int32_t x = nodes[i], y = nodes[i + 1], in = nodes[i + 2];
    if (in >= 0) {
      auto it = index.find(across(x, y, in, width, height));
      int out = (in + 3) % kNumLinks;
      if (it == index.end() || it->second > i ||
          !(uint32_t(nodes[it->second + 3]) >> out & 1))
        return op.emitOpError("node (")
               << x << ", " << y << ") comes from " << linkName(in)
               << ", but no earlier node sends to it";
    }
    for (int l = 0; l < kNumLinks; ++l) {
      if (!(uint32_t(nodes[i + 3]) >> l & 1))
        continue;
      auto it = index.find(across(x, y, l, width, height));
      if (it == index.end() || nodes[it->second + 2] != (l + 3) % kNumLinks)
        return op.emitOpError("node (")
               << x << ", " << y << ") sends " << linkName(l)
               << " to a chip that is not in the tree";
    }
  }
  return success();
}

LogicalResult RouteOp::verify() {
  ArrayRef<int32_t> nodes = getNodes();
  if (nodes.empty() || nodes.size() % 4)
    return emitOpError("needs 4 values (x, y, in, route) per node, got ")
           << nodes.size() << " values";
  llvm::DenseSet<std::pair<int32_t, int32_t>> chips;
  for (size_t i = 0; i < nodes.size(); i += 4) {
    if (failed(verifyChip(*this, nodes[i], nodes[i + 1])))
      return failure();
    if (!chips.insert({nodes[i], nodes[i + 1]}).second)
      return emitOpError("visits chip (")
             << nodes[i] << ", " << nodes[i + 1] << ") twice";
    bool first = i == 0;
    int32_t in = nodes[i + 2];
    if (first ? in != -1 : (in < 0 || in >= kNumLinks))
      return emitOpError(first ? "the first node must be the source chip "
                                 "(from local)"
                               : "only the first node comes from local");
  }
  return verifyTreeLinks(*this);
}

LogicalResult RouteOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *mapping = (*this)->getParentOp();
  if (!symbolTable.lookupSymbolIn<SliceOp>(mapping, getSourceAttr()))
    return emitOpError("source ") << getSourceAttr() << " is not a slice";
  return success();
}

//===----------------------------------------------------------------------===//
// TableOp
//===----------------------------------------------------------------------===//

ParseResult TableOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  int32_t x, y;
  if (parser.parseLParen() || parser.parseInteger(x) || parser.parseComma() ||
      parser.parseInteger(y) || parser.parseRParen())
    return failure();
  result.addAttribute(getXAttrName(result.name), b.getI32IntegerAttr(x));
  result.addAttribute(getYAttrName(result.name), b.getI32IntegerAttr(y));
  if (succeeded(parser.parseOptionalKeyword("uncompressed"))) {
    int64_t count;
    if (parser.parseInteger(count))
      return failure();
    result.addAttribute(getUncompressedAttrName(result.name),
                        b.getI64IntegerAttr(count));
  }
  SmallVector<int32_t> entries;
  auto parseEntry = [&]() -> ParseResult {
    uint32_t key, mask, source, route;
    if (parseU32(parser, key) || parser.parseSlash() ||
        parseU32(parser, mask) || parser.parseKeyword("from") ||
        parseRouteWord(parser, source, false) || parser.parseKeyword("to") ||
        parseRouteWord(parser, route, true))
      return failure();
    for (uint32_t v : {key, mask, source, route})
      entries.push_back(static_cast<int32_t>(v));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     parseEntry) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  result.addAttribute(getEntriesAttrName(result.name),
                      b.getDenseI32ArrayAttr(entries));
  return success();
}

void TableOp::print(OpAsmPrinter &printer) {
  printer << " (" << int32_t(getX()) << ", " << int32_t(getY()) << ")";
  if (auto count = getUncompressed())
    printer << " uncompressed " << int64_t(*count);
  printer << " [";
  ArrayRef<int32_t> entries = getEntries();
  for (size_t i = 0; i + 3 < entries.size(); i += 4) {
    if (i)
      printer << ", ";
    printHex(printer, uint32_t(entries[i]));
    printer << "/";
    printHex(printer, uint32_t(entries[i + 1]));
    printer << " from " << formatRouteWord(uint32_t(entries[i + 2])) << " to "
            << formatRouteWord(uint32_t(entries[i + 3]));
  }
  printer << "]";
  printer.printOptionalAttrDict(
      (*this)->getAttrs(), {getXAttrName(), getYAttrName(),
                            getEntriesAttrName(), getUncompressedAttrName()});
}

LogicalResult TableOp::verify() {
  if (failed(verifyChip(*this, int32_t(getX()), int32_t(getY()))))
    return failure();
  ArrayRef<int32_t> entries = getEntries();
  if (entries.size() % 4)
    return emitOpError("needs 4 values (key, mask, source, route) per entry");
  for (size_t i = 0; i < entries.size(); i += 4) {
    uint32_t key = entries[i], mask = entries[i + 1];
    if (key & ~mask)
      return emitOpError("entry ") << i / 4 << ": key " << hex32(key)
                                   << " has bits outside mask " << hex32(mask);
    if (uint32_t(entries[i + 2]) & ~0x3fu)
      return emitOpError("entry ") << i / 4 << ": source holds only links";
  }
  return success();
}

#define GET_OP_CLASSES
#include "glia/Dialect/Spinn/SpinnOps.cpp.inc"
