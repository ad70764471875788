//===- SpinnDialect.cpp - the spinn dialect -------------------------------===//

#include "glia/Dialect/Spinn/SpinnDialect.h"
#include "glia/Dialect/Spinn/SpinnOps.h"

using namespace glia::spinn;

#include "glia/Dialect/Spinn/SpinnOpsDialect.cpp.inc"

void SpinnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "glia/Dialect/Spinn/SpinnOps.cpp.inc"
      >();
}
