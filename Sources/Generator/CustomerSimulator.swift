/// Simulates customers one at a time, each from its own random stream (so customer i is the same
/// whether or not others are simulated, and no table of customers is ever held).
///
/// Process per customer (stream `2·index` of the seed; time in operational days, rates in weeks):
/// 1. λ ~ Gamma(r, rate α) per week; p ~ Beta(a, b); ν ~ Gamma(q, rate γ).
/// 2. First purchase uniform over the acquisition window.
/// 3. Repeat: wait Exponential(λ/7) days; stop at the end of the window; record a purchase; drop out
///    with probability p (dropout is only possible after repeat purchases, as in BG/NBD's likelihood).
/// 4. Each purchase's value ~ Gamma(p_spend, rate ν).
public struct CustomerSimulator: Sendable {
  /// Options simulated.
  public let options: GeneratorOptions
  /// Seasonal time change.
  public let clock: SeasonalClock
  /// Operational-time interval of first purchases.
  public let acquisition: ClosedRange<Double>

  /// Builds a simulator; throws on invalid options.
  public init(options: GeneratorOptions) throws(GeneratorError) {
    try options.validate()
    guard let clock = SeasonalClock(start: options.start, months: options.months,
                                    monthlyIndex: options.monthlyIndex, closedWeekdays: options.closedWeekdays)
    else { throw .invalidOptions("cannot build the seasonal clock") }
    self.options = options
    self.clock = clock
    let acquisitionEnd = options.acquisitionMonths.map {
      clock.operationalTime(atStartOf: options.start.adding(months: $0))
    } ?? clock.operationalEnd
    self.acquisition = 0...acquisitionEnd
  }

  /// Simulates customer `index`.
  public func simulate(_ index: Int) -> SimulatedCustomer {
    var rng = Xoshiro256StarStar(seed: options.seed, stream: UInt64(index) &* 2)
    let m = options.purchaseModel
    let s = options.spendModel
    let lambda = rng.gamma(shape: m.r, rate: m.alpha)
    let p = rng.beta(m.a, m.b)
    let nu = rng.gamma(shape: s.q, rate: s.gamma)
    let end = clock.operationalEnd
    var t = rng.uniform(acquisition.lowerBound, acquisition.upperBound)
    var times = [t]
    var dropped = false
    while true {
      t += rng.exponential(rate: lambda / 7)
      if !(t < end) { break }
      times.append(t)
      if rng.bernoulli(p) {
        dropped = true
        break
      }
    }
    var spends: [Double] = []
    spends.reserveCapacity(times.count)
    for _ in times { spends.append(rng.gamma(shape: s.p, rate: nu)) }
    return SimulatedCustomer(index: index, purchaseRate: lambda, dropoutProbability: p, spendRate: nu,
                             purchaseTimes: times, spends: spends, droppedOut: dropped)
  }

  /// Calibration summary of a customer on a clock; nil on the calendar clock when T = 0.
  public func summary(of c: SimulatedCustomer, clock kind: SummaryClock) -> CustomerSummary? {
    guard let first = c.purchaseTimes.first, let last = c.purchaseTimes.last else { return nil }
    switch kind {
    case .model:
      let x = c.purchaseTimes.count - 1
      let repeatSpend = c.spends.dropFirst().reduce(0, +)
      return CustomerSummary(customerIndex: c.index, frequency: x, recency: (last - first) / 7,
                             age: (clock.operationalEnd - first) / 7,
                             averageRepeatValue: x > 0 ? repeatSpend / Double(x) : 0)
    case .calendar:
      var days: [(day: Int, spend: Double)] = []
      for (i, tau) in c.purchaseTimes.enumerated() {
        let d = clock.tradingDay(tau).dayNumber
        if let j = days.firstIndex(where: { $0.day == d }) { days[j].spend += c.spends[i] } else {
          days.append((d, c.spends[i]))
        }
      }
      days.sort { $0.day < $1.day }
      guard let firstDay = days.first?.day, let lastDay = days.last?.day else { return nil }
      let calibrationEnd = clock.end.dayNumber - 1
      guard calibrationEnd > firstDay else { return nil }
      let x = days.count - 1
      let repeatSpend = days.dropFirst().reduce(0) { $0 + $1.spend }
      return CustomerSummary(customerIndex: c.index, frequency: x, recency: Double(lastDay - firstDay) / 7,
                             age: Double(calibrationEnd - firstDay) / 7,
                             averageRepeatValue: x > 0 ? repeatSpend / Double(x) : 0)
    }
  }
}
