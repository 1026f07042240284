import Testing

@testable import Ingest

struct RepeatedLinesTests {
  @Test func everyRepeatIsListedAndFewNewLinesAre() {
    var seen = RepeatedLines()
    var rng = SystemRandomNumberGenerator()
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
