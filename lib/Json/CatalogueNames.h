//===- CatalogueNames.h - cell-type catalogue names as StringRefs -*- C++ -*-//
//
// The catalogue (glia/Runtime/CellTypes.h) is plain C++ and names things
// with std::string_view; the importer and exporter work in llvm::StringRef.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_LIB_JSON_CATALOGUENAMES_H
#define GLIA_LIB_JSON_CATALOGUENAMES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string_view>
#include <vector>

namespace glia::json {

inline llvm::StringRef toStringRef(std::string_view view) {
  return llvm::StringRef(view.data(), view.size());
}

/// The names of catalogue entries (parameters or state variables), in the
/// catalogue's order (PyNN's).
template <typename T>
llvm::SmallVector<llvm::StringRef> namesOf(const std::vector<T> &items) {
  llvm::SmallVector<llvm::StringRef> names;
  for (const T &item : items)
    names.push_back(toStringRef(item.name));
  return names;
}

} // namespace glia::json

#endif // GLIA_LIB_JSON_CATALOGUENAMES_H
