import Dispatch
import Foundation

/// `elements.map(transform)`, computed on every core: each core maps one contiguous slice. For
/// costly pure work per element (the CLV stage's per-customer predictions).
///
/// `transform` is called from several threads at once: it must not mutate shared state. (That is
/// what the compiler cannot check here, hence the unchecked box.)
func parallelMap<Element, Result>(_ elements: ArraySlice<Element>, _ transform: (Element) -> Result) -> [Result] {
  let count = elements.count
  let workers = min(ProcessInfo.processInfo.activeProcessorCount, count)
  guard workers > 1 else { return elements.map(transform) }
  return withoutActuallyEscaping(transform) { transform in
    [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
      let shared = UncheckedSendable((transform, elements, buffer.baseAddress!))
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let (transform, elements, base) = shared.value
        for i in (count * worker / workers)..<(count * (worker + 1) / workers) {
          (base + i).initialize(to: transform(elements[elements.startIndex + i]))
        }
      }
      initialized = count
    }
  }
}

/// A value handed to other threads under the caller's guarantee that they only read it (and, for a
/// buffer, each write its own elements).
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
