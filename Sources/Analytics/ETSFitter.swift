import Foundation

/// Maximum-likelihood fit of one ETS specification: BFGS (analytic adjoint gradient) over an unconstrained
/// reparametrisation that enforces the usual bounds, from a few deterministic starting points.
///
/// Bounds (as statsmodels' `ETSModel` defaults): α ∈ (1e−4, 1 − 1e−4); β = α·β*, γ = (1 − α)·γ* with
/// β*, γ* ∈ (1e−4, 1 − 1e−4), so 0 < β < α and 0 < γ < 1 − α; φ ∈ (0.8, 0.98). Each is a scaled logistic
/// of a free variable. Initial states are free: ℓ₀ and b₀ scaled by the data's magnitude; the seasonal
/// state of the first observation is fixed at 0 (additive) or 1 (multiplicative), the others are free
/// (log-scale for multiplicative seasonality, so they stay positive). Fixing one seasonal state is an exact
/// normalisation (the likelihood is invariant to shifting level against seasonals), identical to statsmodels'.
struct ETSFitter {
    static let lowerBound = 1e-4
    static let upperBound = 1 - 1e-4
    static let phiLower = 0.8
    static let phiUpper = 0.98

    let spec: ETSSpec
    let m: Int
    let series: [Double]
    let levelScale: Double
    let trendScale: Double
    var filter: ETSFilter
    private var full: [Double]
    private var fullGradient: [Double]

    init(spec: ETSSpec, series: [Double], seasonPeriod: Int) {
        self.spec = spec
        self.series = series
        filter = ETSFilter(spec: spec, series: series, seasonPeriod: seasonPeriod)
        m = filter.m
        let head = series.prefix(max(m, min(series.count, 10)))
        let magnitude = head.reduce(0) { $0 + abs($1) } / Double(max(head.count, 1))
        levelScale = max(magnitude, 1e-8)
        trendScale = levelScale / Double(max(m, 10))
        full = [Double](repeating: 0, count: filter.parameterCount)
        fullGradient = full
    }

    /// Number of free (optimised) variables.
    var freeCount: Int { spec.freeParameterCount(seasonPeriod: m) }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    static func logit(_ p: Double) -> Double { log(p / (1 - p)) }

    /// Maps free variables to the full parameter layout of `ETSFilter` (into `full`).
    mutating func writeFull(_ u: [Double]) {
        let lo = Self.lowerBound, width = Self.upperBound - Self.lowerBound
        var k = 0
        let alpha = lo + width * Self.logistic(u[k]); k += 1
        full[0] = alpha
        full[1] = 0
        full[2] = 0
        full[3] = 1
        if spec.hasTrend { full[1] = alpha * (lo + width * Self.logistic(u[k])); k += 1 }
        if spec.hasSeason { full[2] = (1 - alpha) * (lo + width * Self.logistic(u[k])); k += 1 }
        if spec.isDamped { full[3] = Self.phiLower + (Self.phiUpper - Self.phiLower) * Self.logistic(u[k]); k += 1 }
        full[4] = levelScale * u[k]; k += 1
        full[5] = 0
        if spec.hasTrend { full[5] = trendScale * u[k]; k += 1 }
        if spec.hasSeason {
            let multiplicative = spec.season == .multiplicative
            full[6] = multiplicative ? 1 : 0
            for j in 1..<m {
                full[6 + j] = multiplicative ? exp(u[k]) : levelScale * u[k]
                k += 1
            }
        }
    }

    /// Free variables for natural-scale parameters (clamped strictly inside the bounds); the seasonal states
    /// are first renormalised so that the first one is 0 (additive) or 1 (multiplicative).
    func freeVector(_ parameters: ETSParameters) -> [Double] {
        let lo = Self.lowerBound, width = Self.upperBound - Self.lowerBound
        func inside(_ v: Double) -> Double { Self.logit(min(max((v - lo) / width, 1e-6), 1 - 1e-6)) }
        var p = parameters
        if spec.hasSeason, let first = p.initialSeasonal.first {
            if spec.season == .multiplicative, first > 0 {
                p.initialSeasonal = p.initialSeasonal.map { $0 / first }
                p.initialLevel *= first
                p.initialTrend *= first
            } else if spec.season == .additive {
                p.initialSeasonal = p.initialSeasonal.map { $0 - first }
                p.initialLevel += first
            }
        }
        var u = [inside(p.alpha)]
        if spec.hasTrend { u.append(inside(p.alpha > 0 ? p.beta / p.alpha : 0.5)) }
        if spec.hasSeason { u.append(inside(p.alpha < 1 ? p.gamma / (1 - p.alpha) : 0.5)) }
        if spec.isDamped {
            let r = (p.phi - Self.phiLower) / (Self.phiUpper - Self.phiLower)
            u.append(Self.logit(min(max(r, 1e-6), 1 - 1e-6)))
        }
        u.append(p.initialLevel / levelScale)
        if spec.hasTrend { u.append(p.initialTrend / trendScale) }
        if spec.hasSeason {
            for j in 1..<m {
                let s = j < p.initialSeasonal.count ? p.initialSeasonal[j] : (spec.season == .multiplicative ? 1 : 0)
                u.append(spec.season == .multiplicative ? log(max(s, 1e-8)) : s / levelScale)
            }
        }
        return u
    }

    /// Natural-scale parameters for free variables.
    mutating func parameters(_ u: [Double]) -> ETSParameters {
        writeFull(u)
        return ETSParameters(alpha: full[0], beta: full[1], gamma: full[2], phi: full[3], initialLevel: full[4],
                             initialTrend: full[5], initialSeasonal: spec.hasSeason ? Array(full[6..<(6 + m)]) : [])
    }

    /// Criterion only (no gradient) at free variables.
    mutating func value(_ u: [Double]) -> Double {
        writeFull(u)
        return filter.run(full)
    }

    /// Starting points for the optimiser: a small grid of smoothing parameters (α, β*, γ*, φ) at the heuristic
    /// initial states, scored by the criterion (one cheap filter pass each); the `count` best, best first.
    mutating func startingPoints(count: Int) -> [[Double]] {
        let states = heuristicStates()
        let alphas = [0.05, 0.2, 0.5, 0.8, 0.95]
        let betaStars = spec.hasTrend ? [0.02, 0.2] : [0.0]
        let gammaStars = spec.hasSeason ? [0.02, 0.3] : [0.0]
        let phis = spec.isDamped ? [0.9, 0.97] : [1.0]
        var scored: [(value: Double, u: [Double])] = []
        for a in alphas {
            for b in betaStars {
                for g in gammaStars {
                    for phi in phis {
                        let p = ETSParameters(alpha: a, beta: a * b, gamma: (1 - a) * g, phi: phi,
                                              initialLevel: states.level, initialTrend: states.trend,
                                              initialSeasonal: states.season)
                        let u = freeVector(p)
                        let v = value(u)
                        scored.append((v.isFinite ? v : .infinity, u))
                    }
                }
            }
        }
        // Stable sort keeps the grid order among equal values, so the result is deterministic.
        let ordered = scored.enumerated().sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }
        return ordered.prefix(max(count, 1)).map(\.element.u)
    }

    /// Criterion and gradient with respect to the free variables.
    mutating func objective(_ u: [Double], _ g: inout [Double]) -> Double {
        writeFull(u)
        let value = filter.criterion(full, gradient: &fullGradient)
        guard value.isFinite else { return .infinity }
        let lo = Self.lowerBound, width = Self.upperBound - Self.lowerBound
        let alpha = full[0]
        var k = 0
        let sa = Self.logistic(u[0])
        var gAlpha = fullGradient[0]
        k = 1
        if spec.hasTrend {
            let sb = Self.logistic(u[k])
            let betaStar = lo + width * sb
            gAlpha += fullGradient[1] * betaStar
            g[k] = fullGradient[1] * alpha * width * sb * (1 - sb)
            k += 1
        }
        if spec.hasSeason {
            let sg = Self.logistic(u[k])
            let gammaStar = lo + width * sg
            gAlpha -= fullGradient[2] * gammaStar
            g[k] = fullGradient[2] * (1 - alpha) * width * sg * (1 - sg)
            k += 1
        }
        if spec.isDamped {
            let sp = Self.logistic(u[k])
            g[k] = fullGradient[3] * (Self.phiUpper - Self.phiLower) * sp * (1 - sp)
            k += 1
        }
        g[0] = gAlpha * width * sa * (1 - sa)
        g[k] = fullGradient[4] * levelScale; k += 1
        if spec.hasTrend { g[k] = fullGradient[5] * trendScale; k += 1 }
        if spec.hasSeason {
            let multiplicative = spec.season == .multiplicative
            for j in 1..<m {
                g[k] = fullGradient[6 + j] * (multiplicative ? full[6 + j] : levelScale)
                k += 1
            }
        }
        return value
    }

    /// Heuristic initial states (Hyndman et al. 2008 §2.6.1, simplified): a straight line through the means
    /// of the first (up to three) seasons gives ℓ₀ and b₀; seasonal indices are the averaged deviations
    /// (ratios) of the first seasons from that line. Non-seasonal: a line through the first ≤ 10 points.
    func heuristicStates() -> (level: Double, trend: Double, season: [Double]) {
        let n = series.count
        if spec.hasSeason && n >= 2 * m {
            let blocks = min(n / m, 3)
            var means = [Double](repeating: 0, count: blocks)
            for i in 0..<blocks { means[i] = series[(i * m)..<((i + 1) * m)].reduce(0, +) / Double(m) }
            let slope = blocks > 1 ? (means[blocks - 1] - means[0]) / Double((blocks - 1) * m) : 0
            let level0 = means[0] - slope * Double(m + 1) / 2
            var season = [Double](repeating: 0, count: m)
            for j in 0..<m {
                var acc = 0.0
                for i in 0..<blocks {
                    let line = level0 + slope * Double(i * m + j + 1)
                    acc += spec.season == .multiplicative ? series[i * m + j] / line : series[i * m + j] - line
                }
                season[j] = acc / Double(blocks)
            }
            if spec.season == .multiplicative {
                let mean = season.reduce(0, +) / Double(m)
                season = season.map { max($0 / mean, 1e-3) }
            } else {
                let mean = season.reduce(0, +) / Double(m)
                season = season.map { $0 - mean }
            }
            return (level0, spec.hasTrend ? slope : 0, season)
        }
        let k = min(n, 10)
        let head = Array(series.prefix(k))
        let mean = head.reduce(0, +) / Double(max(k, 1))
        guard spec.hasTrend, k >= 2 else { return (spec.hasTrend ? mean : (head.first ?? 0) * 0.5 + mean * 0.5, 0, []) }
        let tBar = Double(k + 1) / 2
        var sxx = 0.0, sxy = 0.0
        for (i, v) in head.enumerated() {
            sxx += (Double(i + 1) - tBar) * (Double(i + 1) - tBar)
            sxy += (Double(i + 1) - tBar) * (v - mean)
        }
        let slope = sxy / sxx
        return (mean - slope * tBar, slope, [])
    }
}
