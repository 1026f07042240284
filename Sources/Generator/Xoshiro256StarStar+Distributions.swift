import Foundation

/// Samplers for the distributions the generator needs, drawn from a `Xoshiro256StarStar`.
///
/// All samplers consume a fixed, documented pattern of draws except the rejection samplers
/// (gamma, Poisson), which are still deterministic for a given state.
extension Xoshiro256StarStar {
  /// Uniform double in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform double in [lower, upper).
  public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * uniform()
  }

  /// Uniform integer in `range` (inclusive bounds; Lemire-free modulo with 64-bit rejection).
  public mutating func integer(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(bitPattern: UInt(next())) }
    let limit = UInt64.max - UInt64.max % span
    var v = next()
    while v >= limit { v = next() }
    return range.lowerBound + Int(v % span)
  }

  /// True with probability `p`.
  public mutating func bernoulli(_ p: Double) -> Bool {
    p > 0 && uniform() < p
  }

  /// Exponential with the given rate (mean 1/rate); +∞ when rate ≤ 0.
  public mutating func exponential(rate: Double) -> Double {
    guard rate > 0 else { return .infinity }
    return -log(1 - uniform()) / rate
  }

  /// Standard normal by Box–Muller (two uniforms per draw; the second variate is discarded).
  public mutating func standardNormal() -> Double {
    let u1 = 1 - uniform()
    let u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Gamma(shape, rate) by Marsaglia & Tsang (2000); shape < 1 uses the boost Gamma(k+1)·U^(1/k).
  public mutating func gamma(shape: Double, rate: Double) -> Double {
    precondition(shape > 0 && rate > 0, "gamma needs positive shape and rate")
    if shape < 1 {
      let g = gamma(shape: shape + 1, rate: 1)
      let u = 1 - uniform()
      return g * pow(u, 1 / shape) / rate
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x = 0.0
      var v = 0.0
      repeat {
        x = standardNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = 1 - uniform()
      if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v / rate }
    }
  }

  /// Beta(a, b) as X/(X+Y) with X ~ Gamma(a, 1), Y ~ Gamma(b, 1).
  public mutating func beta(_ a: Double, _ b: Double) -> Double {
    let x = gamma(shape: a, rate: 1)
    let y = gamma(shape: b, rate: 1)
    let sum = x + y
    return sum > 0 ? x / sum : 0.5
  }

  /// Poisson(mean) by Knuth's product method, in chunks of mean ≤ 30 (exact, fine for small means).
  public mutating func poisson(mean: Double) -> Int {
    guard mean > 0 else { return 0 }
    var remaining = mean
    var total = 0
    while remaining > 0 {
      let chunk = min(remaining, 30)
      remaining -= chunk
      let limit = exp(-chunk)
      var product = uniform()
      while product > limit {
        total += 1
        product *= uniform()
      }
    }
    return total
  }
}
