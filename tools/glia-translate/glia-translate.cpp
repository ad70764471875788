//===- glia-translate.cpp - the glia translation driver -------------------===//
//
// MlirTranslateMain with glia's formats: `--import-json` reads a JSON
// network description into the snn dialect, `--export-json` writes one.
//
//===----------------------------------------------------------------------===//

#include "glia/Json/NetworkJson.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  glia::json::registerJsonTranslations();
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "glia translation driver\n"))
             ? 1
             : 0;
}
