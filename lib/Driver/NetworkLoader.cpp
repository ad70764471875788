//===- NetworkLoader.cpp - read a network from .json or .mlir -------------===//

#include "glia/Driver/NetworkLoader.h"
#include "glia/Json/NetworkJson.h"
#include "glia/Support/InputFile.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;

namespace glia::driver {

void registerDialects(DialectRegistry &registry) {
  registry.insert<snn::SnnDialect>();
}

namespace {

/// MLIR's SourceMgr handler, except that a long source line is shown as a
/// window around the column. A JSON file written by json.dump is one line,
/// and the plain handler printed all of it, and a caret line as long: an
/// error near the end of a 1 MB network printed 2 MB.
class ClippedSourceDiagnosticHandler : public SourceMgrDiagnosticHandler {
public:
  ClippedSourceDiagnosticHandler(llvm::SourceMgr &mgr, MLIRContext *context)
      : SourceMgrDiagnosticHandler(mgr, context) {
    // Replaces the handler the base registered; it stays reachable below.
    setHandler([this](Diagnostic &diag) {
      if (!anyLineLong(diag)) {
        SourceMgrDiagnosticHandler::emitDiagnostic(diag);
        return success();
      }
      emitClipped(diag.getLocation(), diag.str(), diag.getSeverity());
      for (Diagnostic &note : diag.getNotes())
        emitClipped(note.getLocation(), note.str(), note.getSeverity());
      return success();
    });
  }

private:
  /// Source lines up to this long are shown whole; longer ones as this
  /// much text around the column.
  static constexpr size_t kLongestLine = 240;

  /// The source line `loc` points into, if it is in a loaded file.
  std::optional<StringRef> lineOf(Location loc) {
    auto fileLoc = loc->findInstanceOf<FileLineColLoc>();
    if (!fileLoc || fileLoc.getLine() == 0)
      return std::nullopt;
    const llvm::MemoryBuffer *buffer =
        getBufferForFile(fileLoc.getFilename().getValue());
    if (!buffer)
      return std::nullopt;
    unsigned id = mgr.FindBufferContainingLoc(
        llvm::SMLoc::getFromPointer(buffer->getBufferStart()));
    llvm::SMLoc start = mgr.FindLocForLineAndColumn(id, fileLoc.getLine(), 1);
    if (!start.isValid())
      return std::nullopt;
    StringRef rest(start.getPointer(),
                   buffer->getBufferEnd() - start.getPointer());
    return rest.take_until([](char c) { return c == '\n'; });
  }

  bool anyLineLong(Diagnostic &diag) {
    auto isLong = [&](Location loc) {
      std::optional<StringRef> line = lineOf(loc);
      return line && line->size() > kLongestLine;
    };
    if (isLong(diag.getLocation()))
      return true;
    return llvm::any_of(diag.getNotes(), [&](Diagnostic &note) {
      return isLong(note.getLocation());
    });
  }

  /// The message without its source line, then the window of the line
  /// around the column, with a caret.
  void emitClipped(Location loc, const std::string &message,
                   DiagnosticSeverity severity) {
    SourceMgrDiagnosticHandler::emitDiagnostic(loc, message, severity,
                                               /*displaySourceLine=*/false);
    std::optional<StringRef> line = lineOf(loc);
    if (!line)
      return;
    size_t column = loc->findInstanceOf<FileLineColLoc>().getColumn();
    size_t caret = std::min(column ? column - 1 : 0, line->size());
    size_t begin = caret > kLongestLine / 2 ? caret - kLongestLine / 2 : 0;
    size_t end = std::min(line->size(), begin + kLongestLine);
    // Whole UTF-8 characters only: a window cut inside one is invalid text.
    while (begin < caret && isContinuationByte((*line)[begin]))
      ++begin;
    while (end > caret && end < line->size() &&
           isContinuationByte((*line)[end]))
      --end;
    StringRef window = line->slice(begin, end);
    std::string prefix = begin > 0 ? "..." : "";
    std::string suffix = end < line->size() ? "..." : "";
    // The caret goes under the character: count characters, not bytes.
    size_t shown = llvm::count_if(line->slice(begin, caret), [](char c) {
      return !isContinuationByte(c);
    });
    os << prefix << window << suffix << "\n"
       << std::string(prefix.size() + shown, ' ') << "^\n";
  }

  static bool isContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
  }
};

} // namespace

NetworkLoader::NetworkLoader() {
  DialectRegistry registry;
  registerDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // One line per problem, at its place in the user's file: the generic form
  // of the op (or of a whole mapping after a failed pass) would bury it.
  context.printOpOnDiagnostic(false);
  diagnostics =
      std::make_unique<ClippedSourceDiagnosticHandler>(sourceMgr, &context);
}

NetworkLoader::~NetworkLoader() = default;

snn::NetworkOp NetworkLoader::load(StringRef path) {
  std::string error;
  if (std::string problem = unreadableInput(path.str()); !problem.empty()) {
    llvm::WithColor::error(llvm::errs())
        << "cannot read '" << path << "': " << problem << "\n";
    return {};
  }
  auto buffer = openInputFile(path, &error);
  if (!buffer) {
    llvm::WithColor::error(llvm::errs()) << error << "\n";
    return {};
  }
  sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
  StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".json") {
    module = json::importNetwork(sourceMgr, &context);
  } else if (extension == ".mlir" || extension == ".mlirbc" || path == "-") {
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  } else {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "unknown network file type '" << extension
        << "': expected .json or .mlir";
    return {};
  }
  if (!module || failed(verify(*module)))
    return {};
  return getSingleNetwork(*module);
}

snn::NetworkOp getSingleNetwork(ModuleOp module) {
  auto networks = module.getOps<snn::NetworkOp>();
  auto count = std::distance(networks.begin(), networks.end());
  if (count != 1) {
    module.emitError("expected exactly one snn.network, found ") << count;
    return {};
  }
  return *networks.begin();
}

} // namespace glia::driver
