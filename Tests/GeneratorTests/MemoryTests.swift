import Foundation
import Testing
@testable import Generator

/// Streaming: a 1-million-row uk_giftware file with flat memory.
@Suite struct MemoryTests {
  @Test func oneMillionRowsStayUnder100MB() throws {
    let path = TestFiles.temporaryPath("million.csv")
    defer { TestFiles.remove(path) }
    let options = GeneratorOptions(profile: .ukGiftware, customers: 30_000, months: 12, seed: 1)
    let clock = ContinuousClock()
    var manifest: GeneratorManifest?
    let elapsed = try clock.measure { manifest = try Generator.write(to: path, options: options) }
    let rows = manifest?.totalRows ?? 0
    let peakKB = TestFiles.peakResidentKB() ?? 0
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print("1M-row run: \(rows) rows, \(size / 1_048_576) MiB in \(elapsed); peak RSS (VmHWM, whole test process) \(peakKB / 1024) MiB")
    #expect(rows >= 1_000_000)
    #expect(rows == (try TestFiles.lineCount(path)) - 1)
    #expect(peakKB > 0 && peakKB < 100 * 1024)
  }
}
