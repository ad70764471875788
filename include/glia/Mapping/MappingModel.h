//===- MappingModel.h - the network and its slices, indexed -----*- C++ -*-===//
//
// What every mapping pass needs to look up quickly: the populations of the
// network with their slices in order, the projections leaving each
// population, and which slices receive the spikes of a slice. Built once
// per pass in O(populations + projections + slices).
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_MAPPINGMODEL_H
#define GLIA_MAPPING_MAPPINGMODEL_H

#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Dialect/Spinn/SpinnOps.h"
#include "glia/Machine/Machine.h"
#include "glia/Mapping/Tables.h"
#include "glia/Routing/RoutingTable.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>
#include <vector>

namespace glia::mapping {

struct ProjectionInfo {
  snn::ProjectionOp op;
  int pre = 0, post = 0; // population indices
  int64_t preLo = 0, preHi = 0, postLo = 0, postHi = 0;
  bool oneToOne = false;
  double synapses = 0;
};

/// A population of neurons or of astrocytes: astrocytes are placed on
/// cores like neurons, in slices of their own (docs/astrocytes.md, "On the
/// board"), and keyed and routed like them (their packets carry payloads).
struct PopulationInfo {
  snn::PopulationOp op;         // null for astrocytes
  snn::AstrocytesOp astrocytes; // null for neurons
  int64_t size = 0;
  /// Flat ids of its slices (see MappingModel::slices), by increasing lo.
  std::vector<int> slices;
};

/// A coupling between neurons and astrocytes as traffic: `listen` carries
/// the spikes of neurons [lo, hi) of population `neurons` to the
/// astrocytes whose domains hold them; otherwise (modulate, inject) each
/// astrocyte's payload goes to the neurons of its domain in [lo, hi).
struct AstroEdge {
  int neurons = 0, astrocytes = 0; // population indices
  int64_t lo = 0, hi = 0;          // the coupled slice of `neurons`
  bool listen = false;
};

class MappingModel {
public:
  /// Indexes `mapping` and the network it names; null after an error.
  static std::unique_ptr<MappingModel> build(spinn::MappingOp mapping);

  mutable spinn::MappingOp mapping;
  snn::NetworkOp network;
  std::vector<PopulationInfo> populations;
  llvm::StringMap<int> populationIndex;
  std::vector<ProjectionInfo> projections;
  std::vector<std::vector<int>> projectionsFrom; // by pre population
  std::vector<AstroEdge> astroEdges;
  std::vector<std::vector<int>> astroEdgesFrom; // by sending population
  /// All slices, grouped by population in network order.
  // Op handles are cheap values whose accessors are not const.
  mutable std::vector<spinn::SliceOp> slices;
  std::vector<int> slicePopulation;
  std::vector<int64_t> sliceIndex; // position within its population
  // Copies of the slices' attributes as they were when the model was built:
  // reading them through the ops costs a dictionary lookup each.
  std::vector<int64_t> sliceLo, sliceHi;
  std::vector<int> sliceChip, sliceCore; // -1 when not placed
  llvm::StringMap<int> sliceBySymbol;

  /// The slices receiving packets of slice `s` (spikes, or astrocyte
  /// payloads): sorted, unique flat ids.
  void sinkSlices(int s, std::vector<int> &out) const;
  /// The chip id and core of a placed slice (-1 if unplaced).
  int chipOf(int s) const { return sliceChip[s]; }
  int coreOf(int s) const { return sliceCore[s]; }
  int numChipSlots() const;
};

/// The spinn.mapping ops of `module`.
llvm::SmallVector<spinn::MappingOp> getMappings(mlir::ModuleOp module);

/// Runs `body` on each spinn.mapping of `module`, stopping at the first
/// failure: the loop every mapping pass runs.
mlir::LogicalResult
forEachMapping(mlir::ModuleOp module,
               llvm::function_ref<mlir::LogicalResult(spinn::MappingOp)> body);

/// The machine a pass works on: `option` if set, else the one recorded on
/// the mapping; emits an error and returns nullopt if it cannot be loaded
/// or does not match the mapping's grid.
std::optional<machine::Machine> loadMachineFor(spinn::MappingOp mapping,
                                               llvm::StringRef option);

/// The routing tables of `mapping`, indexed by chip id (width * y + x).
std::vector<std::vector<routing::Entry>> readTables(spinn::MappingOp mapping);

/// Recovers each population's key block from its slices' keys, checking
/// that they follow the | population | slice | neuron | layout that table
/// merging relies on.
mlir::LogicalResult readPopulationKeys(const MappingModel &model,
                                       std::vector<PopulationKeys> &keys);

/// The trees of the mapping's spinn.route ops, with their slices.
struct RoutedSlices {
  std::vector<std::vector<TreeNode>> trees;
  std::vector<RoutedSlice> slices; // slices[i].tree == &trees[i]
};
RoutedSlices readRoutes(const MappingModel &model);

/// Checks every slice of `model` against the tables on `machine`; emits one
/// error listing the problems. Used by spinn-check-routing and after
/// compression.
mlir::LogicalResult
checkMappedRouting(const MappingModel &model, const machine::Machine &machine,
                   const std::vector<std::vector<routing::Entry>> &tables);

} // namespace glia::mapping

#endif // GLIA_MAPPING_MAPPINGMODEL_H
