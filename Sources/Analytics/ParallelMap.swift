import Dispatch
import Foundation

/// `elements.map(transform)`, computed on every core, in the elements' order. For costly pure work
/// per element (k-means fits per k, CLV predictions per purchase history): the elements are cut
/// into contiguous blocks (a few per core, so that uneven costs even out), which the cores take in
/// turn. The result does not depend on the number of cores.
///
/// `transform` is called from several threads at once: it must not mutate shared state. (That is
/// what the compiler cannot check here, hence the unchecked box.)
public func parallelMap<Element, Result>(_ elements: ArraySlice<Element>, _ transform: (Element) -> Result) -> [Result] {
    let count = elements.count
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard cores > 1, count > 1 else { return elements.map(transform) }
    let blocks = min(count, cores * 8)
    return withoutActuallyEscaping(transform) { transform in
        [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            let shared = UncheckedSendable((transform, elements, buffer.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let (transform, elements, base) = shared.value
                for i in (count * block / blocks)..<(count * (block + 1) / blocks) {
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
