import Analytics
import Testing

@testable import Ingest

struct RepeatedLinesTests {
  @Test func everyRepeatIsListedAndFewNewLinesAre() {
    var seen = RepeatedLines()
    var rng = SplitMix64(seed: 1)
    let distinct = (0..<200_000).map { _ in Int64(bitPattern: rng.next()) }
    for h in distinct { seen.insert(h) }
    let falseAlarms = seen.candidates.count
    // 200k lines in 2^26 bits with two probes: about 4e-5 of them by chance.
    #expect(falseAlarms < 100)
    let repeats = distinct.enumerated().filter { $0.offset % 97 == 0 }.map(\.element)
    for h in repeats { seen.insert(h) }
    #expect(Set(seen.candidates).isSuperset(of: repeats))
    #expect(seen.candidates.count == falseAlarms + repeats.count)
    #expect(!seen.overflowed)
  }

  @Test func theListIsGivenUpPastItsCapacity() {
    var seen = RepeatedLines(bitCount: 1 << 10, capacity: 10)
    for h in 0..<Int64(20) { seen.insert(h << 40) }
    for h in 0..<Int64(20) { seen.insert(h << 40) }
    #expect(seen.overflowed)
    #expect(seen.candidates.isEmpty)
  }

  @Test func theFilterIsSizedToTheFileWithinBounds() {
    // The UCI file (7.5 MB gzip, 47 MB of content) and anything up to ~8M lines: the smallest.
    #expect(RepeatedLines.sizing(contentBytes: 7_500_000 * 8) == (1 << 26, 1 << 20))
    #expect(RepeatedLines.sizing(contentBytes: 0) == (1 << 26, 1 << 20))
    // 10x (88 MB gzip): 16 MiB of filter, the same list.
    #expect(RepeatedLines.sizing(contentBytes: 88_000_000 * 8) == (1 << 27, 1 << 20))
    // 100x (880 MB gzip) and beyond: the largest of each.
    #expect(RepeatedLines.sizing(contentBytes: 880_000_000 * 8) == (1 << 29, 3_437_500))
    #expect(RepeatedLines.sizing(contentBytes: Int(Int32.max) * 64) == (1 << 29, 1 << 22))
  }

  @Test func atEightBitsPerLineFewNewLinesAreTakenForRepeats() {
    // What `sizing` gives a file: 8 bits per line. Over the whole file about 1 new line in 50 is
    // taken for a repeat by chance (about 1 in 20 by the end).
    var seen = RepeatedLines(bitCount: 1 << 21, capacity: 1 << 20)
    var rng = SplitMix64(seed: 2)
    let lines = (1 << 21) / 8
    for _ in 0..<lines { seen.insert(Int64(bitPattern: rng.next())) }
    #expect(!seen.overflowed)
    #expect(seen.candidates.count < lines / 30)
    #expect(seen.candidates.count > lines / 100)
  }

  @Test func lineHashDependsOnEveryByte() {
    let line = Array("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom".utf8)
    let base = line.withUnsafeBufferPointer { LineHash.hash($0) }
    var hashes: Set<Int64> = [base]
    for i in line.indices {
      var changed = line
      changed[i] ^= 1
      hashes.insert(changed.withUnsafeBufferPointer { LineHash.hash($0) })
    }
    #expect(hashes.count == line.count + 1)
    #expect(Array(line.dropLast()).withUnsafeBufferPointer { LineHash.hash($0) } != base)
  }
}
