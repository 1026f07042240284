import Foundation

/// Allocation-free ETS recursion over preallocated buffers, with its reverse-mode (adjoint) gradient.
///
/// Full parameter layout: `[α, β, γ, φ, ℓ₀, b₀, s₀ … s_{m−1}]` (the seasonal block only for seasonal
/// models; `s_j` is the seasonal state used by observation j). The recursions are the error-correction
/// form shared by all error types (Hyndman et al. 2008, table 2.3; R `forecast` / statsforecast `etscalc`):
/// with q = ℓ + φb, p = y (N), y − s (A) or y/s (M), and t = y − q (A) or y/q (M):
/// ℓ′ = q + α(p − q), b′ = φb + β(p − q), s′ = s + γ(t − s).
///
/// Criterion minimised (−2·log-likelihood up to a constant, Hyndman et al. 2008 §5.2; statsforecast
/// `ets.py`): additive errors `n·log(SSE)`; multiplicative errors `n·log(Σ e²) + 2·Σ log|ŷ_t|` with
/// e = (y − ŷ)/ŷ. The Gaussian log-likelihood (statsmodels' `llf`) is `−½·criterion − (n/2)(log(2π/n) + 1)`.
/// A floor of 1e−12·Σy² (additive) or 1e−12·n (multiplicative) is added to SSE so that perfect fits stay finite.
struct ETSFilter {
    let spec: ETSSpec
    /// Seasonal period of the state vector (1 when non-seasonal).
    let m: Int
    let y: [Double]
    let n: Int
    let sseFloor: Double
    private(set) var level: [Double]
    private(set) var trend: [Double]
    private(set) var season: [Double]
    private(set) var fitted: [Double]
    private(set) var residuals: [Double]
    private var levelBar: [Double]
    private var trendBar: [Double]
    private var seasonBar: [Double]
    /// Sum of squared residuals of the last run (without the floor).
    private(set) var sse = Double.nan
    /// Σ log ŷ_t of the last run (multiplicative errors only, else 0).
    private(set) var sumLogFitted = 0.0

    init(spec: ETSSpec, series: [Double], seasonPeriod: Int) {
        self.spec = spec
        m = spec.hasSeason ? max(seasonPeriod, 1) : 1
        y = series
        n = series.count
        if spec.error == .multiplicative {
            sseFloor = 1e-12 * Double(n) + 1e-300
        } else {
            sseFloor = 1e-12 * series.reduce(0) { $0 + $1 * $1 } + 1e-300
        }
        level = [Double](repeating: 0, count: n + 1)
        trend = [Double](repeating: 0, count: n + 1)
        season = [Double](repeating: 0, count: n + m)
        fitted = [Double](repeating: 0, count: n)
        residuals = [Double](repeating: 0, count: n)
        levelBar = level
        trendBar = trend
        seasonBar = season
    }

    /// Length of the full parameter vector.
    var parameterCount: Int { 6 + (spec.hasSeason ? m : 0) }

    /// Writes `parameters` into the full layout.
    func fullVector(_ parameters: ETSParameters) -> [Double] {
        var p = [parameters.alpha, parameters.beta, parameters.gamma, spec.isDamped ? parameters.phi : 1,
                 parameters.initialLevel, parameters.initialTrend]
        if spec.hasSeason { p += parameters.initialSeasonal }
        return p
    }

    /// Gaussian log-likelihood belonging to a criterion value.
    func logLikelihood(criterion: Double) -> Double {
        let nd = Double(n)
        return -0.5 * criterion - 0.5 * nd * (log(2 * Double.pi / nd) + 1)
    }

    /// Runs the recursion and returns the criterion, or +∞ when the parameters are inadmissible
    /// (non-positive ŷ with multiplicative errors, non-positive q or s with multiplicative seasonality).
    mutating func run(_ p: [Double]) -> Double {
        guard p.count >= parameterCount, n > 0 else { return .infinity }
        let alpha = p[0], beta = p[1], gamma = p[2]
        let phi = spec.isDamped ? p[3] : 1
        let hasTrend = spec.hasTrend
        let seasonType = spec.season
        let mulError = spec.error == .multiplicative
        let m = self.m
        let n = self.n
        var sse = 0.0
        var sumLog = 0.0
        let admissible: Bool = y.withUnsafeBufferPointer { y in
            level.withUnsafeMutableBufferPointer { level in
                trend.withUnsafeMutableBufferPointer { trend in
                    season.withUnsafeMutableBufferPointer { season in
                        fitted.withUnsafeMutableBufferPointer { fitted in
                            residuals.withUnsafeMutableBufferPointer { residuals in
                                level[0] = p[4]
                                trend[0] = hasTrend ? p[5] : 0
                                if seasonType != .none {
                                    for j in 0..<m { season[j] = p[6 + j] }
                                }
                                for t in 0..<n {
                                    let phib = hasTrend ? phi * trend[t] : 0
                                    let q = level[t] + phib
                                    let yt = y[t]
                                    var yhat = q
                                    var pp = yt
                                    var tt = 0.0
                                    var s = 0.0
                                    switch seasonType {
                                    case .none:
                                        break
                                    case .additive:
                                        s = season[t]
                                        yhat = q + s
                                        pp = yt - s
                                        tt = yt - q
                                    case .multiplicative:
                                        s = season[t]
                                        guard s > 0, q > 0 else { return false }
                                        yhat = q * s
                                        pp = yt / s
                                        tt = yt / q
                                    }
                                    let e: Double
                                    if mulError {
                                        guard yhat > 0 else { return false }
                                        e = (yt - yhat) / yhat
                                        sumLog += log(yhat)
                                    } else {
                                        e = yt - yhat
                                    }
                                    fitted[t] = yhat
                                    residuals[t] = e
                                    sse += e * e
                                    let pq = pp - q
                                    level[t + 1] = q + alpha * pq
                                    trend[t + 1] = hasTrend ? phib + beta * pq : 0
                                    if seasonType != .none { season[t + m] = s + gamma * (tt - s) }
                                }
                                return true
                            }
                        }
                    }
                }
            }
        }
        self.sse = sse
        self.sumLogFitted = sumLog
        guard admissible, sse.isFinite else { return .infinity }
        let value = Double(n) * log(sse + sseFloor) + 2 * sumLog
        return value.isFinite ? value : .infinity
    }

    /// Criterion and its gradient with respect to the full parameter vector (written into `gradient`,
    /// which must have at least `parameterCount` elements). Reverse-mode: one forward and one backward sweep.
    mutating func criterion(_ p: [Double], gradient: inout [Double]) -> Double {
        let value = run(p)
        guard value.isFinite else {
            for i in gradient.indices { gradient[i] = .nan }
            return value
        }
        let alpha = p[0], beta = p[1], gamma = p[2]
        let phi = spec.isDamped ? p[3] : 1
        let hasTrend = spec.hasTrend
        let seasonType = spec.season
        let mulError = spec.error == .multiplicative
        let m = self.m
        let n = self.n
        let dSSE = 2 * Double(n) / (sse + sseFloor)
        var gA = 0.0, gB = 0.0, gG = 0.0, gP = 0.0
        y.withUnsafeBufferPointer { y in
            level.withUnsafeBufferPointer { level in
                trend.withUnsafeBufferPointer { trend in
                    season.withUnsafeBufferPointer { season in
                        fitted.withUnsafeBufferPointer { fitted in
                            residuals.withUnsafeBufferPointer { residuals in
                                levelBar.withUnsafeMutableBufferPointer { levelBar in
                                    trendBar.withUnsafeMutableBufferPointer { trendBar in
                                        seasonBar.withUnsafeMutableBufferPointer { seasonBar in
                                            levelBar[n] = 0
                                            trendBar[n] = 0
                                            for i in 0..<seasonBar.count { seasonBar[i] = 0 }
                                            for t in stride(from: n - 1, through: 0, by: -1) {
                                                let b = trend[t]
                                                let phib = hasTrend ? phi * b : 0
                                                let q = level[t] + phib
                                                let yt = y[t]
                                                let yhat = fitted[t]
                                                var s = 0.0
                                                var pp = yt
                                                var tt = 0.0
                                                switch seasonType {
                                                case .none: break
                                                case .additive:
                                                    s = season[t]; pp = yt - s; tt = yt - q
                                                case .multiplicative:
                                                    s = season[t]; pp = yt / s; tt = yt / q
                                                }
                                                let pq = pp - q
                                                let lNewBar = levelBar[t + 1]
                                                let eBar = dSSE * residuals[t]
                                                var yhatBar: Double
                                                if mulError {
                                                    yhatBar = 2 / yhat - eBar * yt / (yhat * yhat)
                                                } else {
                                                    yhatBar = -eBar
                                                }
                                                var sBar = 0.0
                                                var qBar = 0.0
                                                var phibBar = 0.0
                                                var ttBar = 0.0
                                                var pqBar = 0.0
                                                if seasonType != .none {
                                                    let sNewBar = seasonBar[t + m]
                                                    sBar += sNewBar * (1 - gamma)
                                                    ttBar = sNewBar * gamma
                                                    gG += sNewBar * (tt - s)
                                                }
                                                if hasTrend {
                                                    let bNewBar = trendBar[t + 1]
                                                    phibBar += bNewBar
                                                    pqBar += bNewBar * beta
                                                    gB += bNewBar * pq
                                                }
                                                qBar += lNewBar
                                                pqBar += lNewBar * alpha
                                                gA += lNewBar * pq
                                                let pBar = pqBar
                                                qBar -= pqBar
                                                switch seasonType {
                                                case .none:
                                                    qBar += yhatBar
                                                case .additive:
                                                    qBar -= ttBar
                                                    sBar -= pBar
                                                    qBar += yhatBar
                                                    sBar += yhatBar
                                                case .multiplicative:
                                                    qBar -= ttBar * yt / (q * q)
                                                    sBar -= pBar * yt / (s * s)
                                                    qBar += yhatBar * s
                                                    sBar += yhatBar * q
                                                }
                                                phibBar += qBar
                                                levelBar[t] = qBar
                                                if hasTrend {
                                                    trendBar[t] = phibBar * phi
                                                    gP += phibBar * b
                                                }
                                                if seasonType != .none { seasonBar[t] += sBar }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        gradient[0] = gA
        gradient[1] = hasTrend ? gB : 0
        gradient[2] = seasonType != .none ? gG : 0
        gradient[3] = spec.isDamped ? gP : 0
        gradient[4] = levelBar[0]
        gradient[5] = hasTrend ? trendBar[0] : 0
        if seasonType != .none {
            for j in 0..<m { gradient[6 + j] = seasonBar[j] }
        }
        return value
    }

    /// Final states after the last observation: level, trend and the seasonal states of observations n … n+m−1.
    var finalStates: (level: Double, trend: Double, season: [Double]) {
        (level[n], trend[n], spec.hasSeason ? Array(season[n..<(n + m)]) : [])
    }
}
