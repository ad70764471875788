//===- CamReadout.h - a CAM's readout from the IR ---------------*- C++ -*-===//
//
// The MLIR half of the CAM readout: collects each snn.cam's shape and
// protocol from the IR before snn-expand-cam removes the op. The decoding
// (plain C++, shared with the board emulator) is in
// runtime/include/glia/Runtime/CamReadout.h.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_CAM_CAMREADOUT_H
#define GLIA_CAM_CAMREADOUT_H

#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Runtime/CamReadout.h"

#include <vector>

namespace glia::cam {

/// The readouts of every snn.cam with a protocol in `network` (call before
/// snn-expand-cam).
std::vector<Readout> collectReadouts(snn::NetworkOp network);

} // namespace glia::cam

#endif // GLIA_CAM_CAMREADOUT_H
