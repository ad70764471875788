//===- HugePages.h - an allocator for the large synapse arrays --*- C++ -*-===//
//
// Private to the runtime. The synapse rows of a large network are tens to
// hundreds of MiB, filled once and then read at random during delivery. In
// 4 KiB pages, filling them costs a page fault per page (a tenth of a
// 256k-neuron run at dt 1 ms), and reading them at random misses the TLB
// often. Allocations of at least kHugePageMinBytes are therefore aligned to
// 2 MiB and advised to the kernel as transparent huge pages (in the
// kernel's "madvise" THP mode, this machine's, huge pages go only where
// asked; in "always" mode they come anyway). The bound is one huge page:
// rounding up wastes less than the allocation, and a thread's share of a
// population's rows is often a few MiB.
// Elsewhere, or when the kernel declines, this is plain aligned memory.
// Smaller allocations of at least kPrefaultMinBytes (a 4,000-neuron
// network's rows) are mapped in one call instead of a fault per page: on a
// VM a fault costs microseconds, and they were a tenth of such a run.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_HUGEPAGES_H
#define GLIA_RUNTIME_LIB_HUGEPAGES_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace glia::runtime {

inline constexpr size_t kHugePageBytes = size_t(2) << 20;
inline constexpr size_t kHugePageMinBytes = size_t(2) << 20;
inline constexpr size_t kPrefaultMinBytes = size_t(64) << 10;

/// Maps the whole pages of [memory, memory + bytes) at once (Linux 5.14+;
/// elsewhere the pages fault in as they are first written).
inline void prefault(void *memory, size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  if (bytes < kPrefaultMinBytes)
    return;
  static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  uintptr_t first = (uintptr_t(memory) + page - 1) & ~(page - 1);
  uintptr_t last = (uintptr_t(memory) + bytes) & ~(page - 1);
  if (last > first) // advice: failure is harmless
    madvise(reinterpret_cast<void *>(first), last - first, MADV_POPULATE_WRITE);
#endif
}

template <typename T> struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U> HugePageAllocator(const HugePageAllocator<U> &) {}

  T *allocate(size_t n) {
    if (n > size_t(-1) / sizeof(T))
      throw std::bad_array_new_length();
    size_t bytes = n * sizeof(T);
    if (bytes < kHugePageMinBytes) {
      void *memory = ::operator new(bytes);
      prefault(memory, bytes);
      return static_cast<T *>(memory);
    }
    size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes *
                     kHugePageBytes; // aligned_alloc wants a multiple
    void *memory = std::aligned_alloc(kHugePageBytes, rounded);
    if (!memory)
      throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(memory, rounded, MADV_HUGEPAGE); // advice: failure is harmless
#endif
    return static_cast<T *>(memory);
  }

  void deallocate(T *memory, size_t n) {
    if (n * sizeof(T) < kHugePageMinBytes)
      ::operator delete(memory);
    else
      std::free(memory);
  }

  template <typename U> bool operator==(const HugePageAllocator<U> &) const {
    return true;
  }
  template <typename U> bool operator!=(const HugePageAllocator<U> &) const {
    return false;
  }
};

/// A vector whose large buffers sit in transparent huge pages, and whose
/// middling ones are mapped at once.
template <typename T> using HugePageVector = std::vector<T, HugePageAllocator<T>>;

/// Makes room for `needed` elements in a plain vector that grows a little
/// at a time (a recording): its capacity grows geometrically, and each new
/// buffer's spare room is mapped at once (prefault) instead of a fault per
/// page as the appends reach it.
template <typename T>
void reserveMapped(std::vector<T> &vector, size_t needed) {
  if (needed <= vector.capacity())
    return;
  vector.reserve(std::max(needed, 2 * vector.capacity()));
  prefault(vector.data() + vector.size(),
           (vector.capacity() - vector.size()) * sizeof(T));
}

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_HUGEPAGES_H
