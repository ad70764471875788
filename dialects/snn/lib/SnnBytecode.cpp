//===- SnnBytecode.cpp - bytecode encoding of snn attributes --------------===//
//
// Attributes without a bytecode encoding are written as text, and the text
// writer does not carry the dense resources they hold: a #snn.from_list or
// #snn.spike_trains backed by resource blobs would lose its data. These two
// are therefore encoded as their nested attributes, which the bytecode
// writer handles (resources included); every other attribute stays text.
//
//===----------------------------------------------------------------------===//

#include "glia/Dialect/Snn/SnnOps.h"

#include "mlir/Bytecode/BytecodeImplementation.h"

using namespace mlir;
using namespace glia::snn;

namespace {

/// The tags of the encoded attributes; never renumber them.
enum AttributeCode : uint64_t { kFromList = 0, kSpikeTrains = 1 };

struct SnnBytecodeInterface : BytecodeDialectInterface {
  SnnBytecodeInterface(Dialect *dialect) : BytecodeDialectInterface(dialect) {}

  LogicalResult writeAttribute(Attribute attr,
                               DialectBytecodeWriter &writer) const override {
    if (auto list = llvm::dyn_cast<FromListAttr>(attr)) {
      writer.writeVarInt(kFromList);
      writer.writeAttribute(list.getPre());
      writer.writeAttribute(list.getPost());
      writer.writeOptionalAttribute(list.getWeights());
      writer.writeOptionalAttribute(list.getDelays());
      return success();
    }
    if (auto trains = llvm::dyn_cast<SpikeTrainsAttr>(attr)) {
      writer.writeVarInt(kSpikeTrains);
      writer.writeAttribute(trains.getOffsets());
      writer.writeAttribute(trains.getTimes());
      return success();
    }
    return failure(); // written as text
  }

  Attribute readAttribute(DialectBytecodeReader &reader) const override {
    uint64_t code;
    if (failed(reader.readVarInt(code)))
      return {};
    ElementsAttr first, second, third, fourth;
    switch (code) {
    case kFromList:
      if (failed(reader.readAttribute(first)) ||
          failed(reader.readAttribute(second)) ||
          failed(reader.readOptionalAttribute(third)) ||
          failed(reader.readOptionalAttribute(fourth)))
        return {};
      return FromListAttr::getChecked([&] { return reader.emitError(); },
                                      getContext(), first, second, third,
                                      fourth);
    case kSpikeTrains:
      if (failed(reader.readAttribute(first)) ||
          failed(reader.readAttribute(second)))
        return {};
      return SpikeTrainsAttr::getChecked([&] { return reader.emitError(); },
                                         getContext(), first, second);
    default:
      reader.emitError("unknown snn attribute code ") << code;
      return {};
    }
  }
};

} // namespace

void SnnDialect::registerBytecodeInterface() {
  addInterfaces<SnnBytecodeInterface>();
}
