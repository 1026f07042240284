import Foundation
import TestSupport
import Testing
@testable import Generator

/// Streaming: a 1-million-row uk_giftware file with flat memory.
///
/// The generator runs as its own process (`basket360 generate`, the binary `make test` builds), so
/// the peak measured is the generator's alone: the test process's own peak also counts every test
/// that runs beside this one (parallel model fits, the UCI ingest), and went over 100 MiB on CI.
/// Alone it needs about 32 MiB; a generator that held the 89 MiB file in memory would not pass.
@Suite struct MemoryTests {
  @Test func oneMillionRowsStayUnder64MiB() throws {
    let path = TestFiles.temporaryPath("million.csv")
    defer { TestFiles.remove(path) }
    let binary = try #require(ProjectFiles.builtProduct("basket360"), "build basket360 first (make test does)")
    let clock = ContinuousClock()
    var run: TestFiles.ChildRun?
    let elapsed = try clock.measure {
      run = try TestFiles.runMeasured(
        binary, ["generate", "--profile", "uk_giftware", "--customers", "30000", "--months", "12", "--seed", "1", "--out", path])
    }
    let child = try #require(run)
    #expect(child.status == 0)
    let rows = try JSONDecoder().decode(GeneratorManifest.self, from: Data(child.stdout.utf8)).totalRows
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print("1M-row run: \(rows) rows, \(size / 1_048_576) MiB in \(elapsed); peak RSS of the generator process \(child.peakResidentKB / 1024) MiB")
    #expect(rows >= 1_000_000)
    #expect(rows == (try TestFiles.lineCount(path)) - 1)
    #expect(child.peakResidentKB > 0 && child.peakResidentKB < 64 * 1024)
  }
}
