import Foundation
import Testing
@testable import Generator

/// Moments of the samplers and calendar arithmetic.
@Suite struct SamplerTests {
  @Test func gammaBetaPoissonExponentialMeans() {
    var rng = Xoshiro256StarStar(seed: 1)
    let n = 200_000
    func mean(_ draw: (inout Xoshiro256StarStar) -> Double) -> Double {
      var s = 0.0
      for _ in 0..<n { s += draw(&rng) }
      return s / Double(n)
    }
    // Gamma(k, rate β) mean k/β (shape below and above 1), Beta(a,b) mean a/(a+b).
    #expect(abs(mean { $0.gamma(shape: 0.3, rate: 2) } - 0.15) < 0.005)
    #expect(abs(mean { $0.gamma(shape: 4, rate: 0.5) } - 8) < 0.08)
    #expect(abs(mean { $0.beta(0.8, 4) } - 0.8 / 4.8) < 0.003)
    #expect(abs(mean { Double($0.poisson(mean: 11)) } - 11) < 0.05)
    #expect(abs(mean { Double($0.poisson(mean: 45)) } - 45) < 0.1)
    #expect(abs(mean { $0.exponential(rate: 4) } - 0.25) < 0.003)
    // Gamma variance k/β².
    var s = 0.0, s2 = 0.0
    for _ in 0..<n {
      let x = rng.gamma(shape: 2, rate: 1)
      s += x
      s2 += x * x
    }
    let m = s / Double(n)
    #expect(abs(s2 / Double(n) - m * m - 2) < 0.05)
  }

  @Test func aliasTableFollowsWeights() {
    var rng = Xoshiro256StarStar(seed: 2)
    let table = AliasTable(weights: [1, 2, 3, 4])
    var counts = [0, 0, 0, 0]
    for _ in 0..<100_000 { counts[table.sample(&rng)] += 1 }
    for i in 0..<4 { #expect(abs(Double(counts[i]) / 100_000 - Double(i + 1) / 10) < 0.006) }
  }

  @Test func zipfIsLongTailed() {
    // Top 20% of 4,000 items hold most of the weight with s = 1.
    #expect(ZipfWeights.topShare(count: 4000, exponent: 1, fraction: 0.2) > 0.75)
    #expect(abs(ZipfWeights.topShare(count: 100, exponent: 0, fraction: 0.2) - 0.2) < 1e-9)
  }

  @Test func civilDayRoundTripsAndWeekdays() throws {
    let d = try #require(CivilDay(year: 2010, month: 12, day: 1))
    #expect(d.dayNumber == 14944)
    #expect(d.weekday == 3)  // Wednesday
    #expect(d.adding(months: 3).isoString == "2011-03-01")
    #expect(try #require(CivilDay(year: 2024, month: 1, day: 31)).adding(months: 1).isoString == "2024-02-29")
    #expect(CivilDay(iso: "2023-01-01")?.dayNumber == 19358)
    for n in stride(from: -800_000, to: 800_000, by: 997) {
      let c = CivilDay(dayNumber: n).components
      #expect(CivilDay(year: c.year, month: c.month, day: c.day)?.dayNumber == n)
    }
  }

  @Test func clockSpendsMoreOperationalTimeInPeakMonthsAndSkipsClosedDays() throws {
    let start = try #require(CivilDay(year: 2011, month: 1, day: 1))
    let index = GeneratorProfile.ukGiftware.defaultMonthlyIndex
    let clock = try #require(SeasonalClock(start: start, months: 12, monthlyIndex: index, closedWeekdays: [6]))
    #expect(abs(clock.operationalEnd - 365) < 1e-9)
    let nov = try #require(CivilDay(year: 2011, month: 11, day: 1)), dec = try #require(CivilDay(year: 2011, month: 12, day: 1))
    let feb = try #require(CivilDay(year: 2011, month: 2, day: 1)), mar = try #require(CivilDay(year: 2011, month: 3, day: 1))
    let novLength = clock.operationalTime(atStartOf: dec) - clock.operationalTime(atStartOf: nov)
    let febLength = clock.operationalTime(atStartOf: mar) - clock.operationalTime(atStartOf: feb)
    #expect(novLength > 2 * febLength)
    var tau = 0.0
    while tau < clock.operationalEnd {
      #expect(clock.tradingDay(tau).weekday != 6)
      #expect(clock.tradingDay(tau) < clock.end)
      tau += 0.37
    }
  }
}
