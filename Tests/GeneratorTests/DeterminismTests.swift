import Foundation
import Testing
@testable import Generator

/// Same seed ⇒ same bytes; different seed ⇒ different bytes.
@Suite struct DeterminismTests {
  @Test func sameSeedGivesIdenticalBytesAndDifferentSeedDiffers() throws {
    let a = TestFiles.temporaryPath("a.csv"), b = TestFiles.temporaryPath("b.csv"), c = TestFiles.temporaryPath("c.csv")
    defer { [a, b, c].forEach(TestFiles.remove) }
    let options = GeneratorOptions(profile: .ukGiftware, customers: 400, months: 12, seed: 7)
    var other = options
    other.seed = 8
    _ = try Generator.write(to: a, options: options)
    _ = try Generator.write(to: b, options: options)
    _ = try Generator.write(to: c, options: other)
    #expect(try TestFiles.fnv1a(a) == TestFiles.fnv1a(b))
    #expect(try TestFiles.fnv1a(a) != TestFiles.fnv1a(c))
  }

  @Test func indianApparelIsDeterministic() throws {
    let a = TestFiles.temporaryPath("ia"), b = TestFiles.temporaryPath("ib"), c = TestFiles.temporaryPath("ic")
    defer { [a, b, c].forEach(TestFiles.remove) }
    let options = GeneratorOptions(profile: .indianApparel, customers: 500, months: 12, seed: 11)
    var other = options
    other.seed = 12
    _ = try Generator.write(to: a, options: options)
    _ = try Generator.write(to: b, options: options)
    _ = try Generator.write(to: c, options: other)
    for file in ["customers.csv", "products.csv", "sales.csv"] {
      #expect(try TestFiles.fnv1a("\(a)/\(file)") == TestFiles.fnv1a("\(b)/\(file)"), "\(file)")
      #expect(try TestFiles.fnv1a("\(a)/\(file)") != TestFiles.fnv1a("\(c)/\(file)"), "\(file)")
    }
  }

  @Test func summariesMatchAcrossCallsAndCustomersAreIndependent() throws {
    var options = GeneratorOptions(profile: .ukGiftware, customers: 200, seed: 3)
    let first = try Generator.calibrationSummaries(options: options)
    #expect(first == (try Generator.calibrationSummaries(options: options)))
    // Customer i does not depend on how many customers are simulated.
    options.customers = 50
    #expect(Array(first.prefix(50)) == (try Generator.calibrationSummaries(options: options)))
  }
}
