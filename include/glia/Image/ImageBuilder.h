//===- ImageBuilder.h - spinn.mapping -> board image ------------*- C++ -*-===//
//
// The MLIR side of the board image: reads a `spinn.mapping` (placed, keyed
// slices; per-chip tables) and the machine into the runtime's plain
// `ImageLayout`, and has the runtime's image writer build the blobs from the
// network's plan. Everything byte-level lives in runtime/ (ImageWriter.cpp),
// so the emulator's reader and the writer share one definition.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_IMAGE_IMAGEBUILDER_H
#define GLIA_IMAGE_IMAGEBUILDER_H

#include "glia/Dialect/Spinn/SpinnOps.h"
#include "glia/Machine/Machine.h"
#include "glia/Runtime/Image.h"

#include <string>

namespace glia::image {

/// The layout of `mapping` for `plan`: one core per placed slice (its
/// population matched by name), one table per chip, and the machine's live
/// chips with their working links. Returns an error message in `error` if a
/// slice is unplaced, unkeyed or names no population of the plan.
std::optional<runtime::ImageLayout> buildLayout(spinn::MappingOp mapping,
                                                const runtime::Plan &plan,
                                                const machine::Machine &machine,
                                                std::string &error);

} // namespace glia::image

#endif // GLIA_IMAGE_IMAGEBUILDER_H
