//===- SnnValues.cpp - parameter values -----------------------------------===//

#include "glia/Dialect/Snn/SnnValues.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace glia::snn {

std::optional<double> getConstant(Attribute value) {
  if (auto floatAttr = llvm::dyn_cast_or_null<FloatAttr>(value))
    return floatAttr.getValueAsDouble();
  return std::nullopt;
}

template <typename T>
static std::optional<std::vector<T>> readArray(ElementsAttr array) {
  if (!array)
    return std::nullopt;
  if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(array)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    Type element = resource.getType().getElementType();
    ArrayRef<char> bytes = blob->getData();
    size_t count = resource.getType().getNumElements();
    auto copy = [&](auto tag) -> std::optional<std::vector<T>> {
      using Stored = decltype(tag);
      if (bytes.size() != count * sizeof(Stored))
        return std::nullopt;
      std::vector<T> values(count);
      const auto *data = reinterpret_cast<const Stored *>(bytes.data());
      for (size_t i = 0; i < count; ++i)
        values[i] = static_cast<T>(data[i]);
      return values;
    };
    if (element.isF64())
      return copy(double{});
    if (element.isF32())
      return copy(float{});
    if (element.isInteger(64))
      return copy(int64_t{});
    if (element.isInteger(32))
      return copy(int32_t{});
    return std::nullopt;
  }
  auto dense = llvm::dyn_cast<DenseElementsAttr>(array);
  if (!dense)
    return std::nullopt;
  std::vector<T> values;
  values.reserve(dense.getNumElements());
  Type element = dense.getElementType();
  if (llvm::isa<FloatType>(element)) {
    for (const APFloat &v : dense.getValues<APFloat>())
      values.push_back(static_cast<T>(v.convertToDouble()));
  } else if (llvm::isa<IntegerType>(element)) {
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(static_cast<T>(v.getSExtValue()));
  } else {
    return std::nullopt;
  }
  return values;
}

std::optional<std::vector<double>> readF64Array(ElementsAttr array) {
  if (!array || !llvm::isa<FloatType>(array.getElementType()))
    return std::nullopt;
  return readArray<double>(array);
}

std::optional<std::vector<int64_t>> readI64Array(ElementsAttr array) {
  if (!array || !llvm::isa<IntegerType>(array.getElementType()))
    return std::nullopt;
  return readArray<int64_t>(array);
}

std::optional<ValueBounds> getValueBounds(Attribute value) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  return llvm::TypeSwitch<Attribute, std::optional<ValueBounds>>(value)
      .Case<FloatAttr>([](FloatAttr attr) {
        double v = attr.getValueAsDouble();
        return ValueBounds{v, v};
      })
      .Case<UniformAttr>([](UniformAttr attr) {
        return ValueBounds{attr.getLow(), attr.getHigh()};
      })
      .Case<NormalAttr>([&](NormalAttr attr) {
        if (double(attr.getSigma()) == 0.0)
          return ValueBounds{attr.getMu(), attr.getMu()};
        return ValueBounds{-inf, inf};
      })
      .Case<NormalClippedAttr>([](NormalClippedAttr attr) {
        return ValueBounds{attr.getLow(), attr.getHigh()};
      })
      .Case<ElementsAttr>([](ElementsAttr attr) -> std::optional<ValueBounds> {
        auto values = readF64Array(attr);
        if (!values || values->empty())
          return std::nullopt;
        auto [lo, hi] = std::minmax_element(values->begin(), values->end());
        return ValueBounds{*lo, *hi};
      })
      .Default([](Attribute) { return std::nullopt; });
}

LogicalResult verifyValue(Attribute value, int64_t count, StringRef what,
                          llvm::function_ref<InFlightDiagnostic()> emitError) {
  if (auto floatAttr = llvm::dyn_cast<FloatAttr>(value)) {
    double v = floatAttr.getValueAsDouble();
    if (!std::isfinite(v))
      return emitError() << what << " must be finite, got " << formatF64(v);
    return success();
  }
  if (llvm::isa<UniformAttr, NormalAttr, NormalClippedAttr>(value))
    return success(); // their own verifiers have run
  if (auto array = llvm::dyn_cast<ElementsAttr>(value)) {
    auto shaped = llvm::cast<ShapedType>(array.getType());
    if (shaped.getRank() != 1)
      return emitError() << what << " must be a 1-D array, got rank "
                         << shaped.getRank();
    if (shaped.getNumElements() != count)
      return emitError() << what << " has " << shaped.getNumElements()
                         << " entries, expected one per neuron (" << count
                         << ")";
    auto values = readF64Array(array);
    if (!values)
      return emitError() << what << " must be an array of floats";
    for (auto [index, v] : llvm::enumerate(*values))
      if (!std::isfinite(v))
        return emitError() << what << " entry " << index
                           << " must be finite, got " << formatF64(v);
    return success();
  }
  return emitError() << what
                     << " must be a float, a distribution (#snn.uniform, "
                        "#snn.normal, #snn.normal_clipped) or an array, got "
                     << value;
}

std::string describeValue(Attribute value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto constant = getConstant(value))
    os << formatF64(*constant);
  else if (auto uniform = llvm::dyn_cast<UniformAttr>(value))
    os << "uniform(" << formatF64(uniform.getLow()) << ", "
       << formatF64(uniform.getHigh()) << ")";
  else if (auto normal = llvm::dyn_cast<NormalAttr>(value))
    os << "normal(" << formatF64(normal.getMu()) << ", "
       << formatF64(normal.getSigma()) << ")";
  else if (auto clipped = llvm::dyn_cast<NormalClippedAttr>(value))
    os << "normal_clipped(" << formatF64(clipped.getMu()) << ", "
       << formatF64(clipped.getSigma()) << ", " << formatF64(clipped.getLow())
       << ", " << formatF64(clipped.getHigh()) << ")";
  else if (auto array = llvm::dyn_cast<ElementsAttr>(value))
    os << "array of " << array.getNumElements();
  else
    os << value;
  return text;
}

} // namespace glia::snn
