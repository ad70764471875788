//===- Inspect.cpp - `glia inspect OUT`: a readable report of an image ----===//
//
// Loads (and so checks) a board image and prints per core its slice, key,
// regions and memory, and per chip its routing table size.
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include "glia/Runtime/Image.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace glia;
namespace rt = glia::runtime;

namespace {

cl::SubCommand inspectCommand("inspect",
                              "Print the cores, regions and routing tables "
                              "of a board image");
cl::opt<std::string> imagePath(cl::Positional, cl::Required,
                               cl::desc("<OUT directory of glia compile>"),
                               cl::sub(inspectCommand),
                               cl::cat(cli::optionCategory()));

/// The second line of an astrocyte core: its model, memory and listens.
void printAstroCore(const rt::LoadedImage &image, const rt::LoadedCore &core,
                    const rt::CoreContents &contents, raw_ostream &os) {
  const rt::LoadedAstrocytes &astro = image.astrocytes[core.place.population];
  os << formatv("    {0} astrocytes, DTCM {1} bytes; {2} listen(s), spikes "
                "from {3} source core(s); sends its output as payload\n",
                models::astrocyteModel(astro.kind).name, core.dtcmBytes,
                contents.listens, contents.masterEntries);
}

void printCore(const rt::LoadedImage &image, const rt::LoadedCore &core,
               raw_ostream &os) {
  const rt::ImageCore &c = core.place;
  os << formatv("core ({0}, {1}, {2})  {3} [{4}, {5})  key {6:x8} mask {7:x8}"
                "{8}\n",
                c.x, c.y, c.p,
                c.astrocytes ? image.astrocytes[c.population].name
                             : image.populations[c.population].name,
                c.lo, c.hi, c.key, c.mask, c.sends ? "" : "  (sends nothing)");
  rt::CoreContents contents = rt::describeCore(core);
  if (c.astrocytes)
    printAstroCore(image, core, contents, os);
  else
    os << formatv(
      "    {0}, DTCM {1} bytes, SDRAM {2} bytes; master population "
      "table {3} entries, {4} row blocks, {5} rows, {6} synapses"
      "{7}\n",
      models::cellType(image.populations[c.population].kind).name,
      core.dtcmBytes, core.sdramBytes, contents.masterEntries,
      contents.rowBlocks, contents.rows, contents.synapses,
      (contents.plasticProjections
           ? formatv(", {0} plastic projection(s)", contents.plasticProjections)
                 .str()
           : std::string()) +
          (contents.couplings
               ? formatv("; {0} astrocyte coupling(s), payloads from {1} "
                         "astrocyte core(s)",
                         contents.couplings, contents.payloadEntries)
                     .str()
               : std::string()));
  for (const rt::RegionInfo &region : core.regions)
    os << formatv("    {0,-18} {1,10} bytes at {2}\n",
                  rt::regionName(region.id), region.size, region.offset);
}

int inspect() {
  rt::LoadedImage image = rt::loadImage(imagePath);
  raw_ostream &os = outs();
  os << formatv("image of network @{0} for machine '{1}' ({2} x {3}), "
                "timestep {4} ms, format version {5}\n",
                image.network, image.machine.name, image.machine.width,
                image.machine.height, image.timestep, rt::kImageFormatVersion);
  uint64_t dtcm = 0, sdram = 0, blob = 0;
  for (const rt::LoadedCore &core : image.cores) {
    dtcm = std::max(dtcm, core.dtcmBytes);
    sdram += core.sdramBytes;
    blob += core.blob.size();
  }
  os << formatv("{0} cores ({1} bytes of blobs; largest DTCM {2} of {3} "
                "bytes; SDRAM {4} bytes in all)\n",
                image.cores.size(), blob, dtcm, image.machine.dtcmBytes, sdram);
  for (const rt::LoadedCore &core : image.cores)
    printCore(image, core, os);
  os << formatv("{0} routing tables (capacity {1})\n", image.tables.size(),
                image.machine.routerEntries);
  for (const rt::ImageTable &table : image.tables)
    os << formatv("  chip ({0}, {1}): {2} entries ({3} before compression)\n",
                  table.x, table.y, table.entries.size(), table.uncompressed);
  return cli::kSuccess;
}

cli::RegisterCommand registerInspect(inspectCommand, inspect);
} // namespace
