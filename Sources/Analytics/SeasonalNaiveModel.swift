import Foundation

/// Seasonal naive forecast `ŷ_{T+h} = y_{T+h−m(k+1)}`, k = ⌊(h−1)/m⌋, falling back to the naive
/// forecast `ŷ_{T+h} = y_T` when the series has fewer than two full seasons (or m ≤ 1).
///
/// Intervals follow fpp3 §5.5 (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed.):
/// the residual standard deviation is `σ̂ = √(Σe²/(T − K − M))` with K = 0 estimated parameters and
/// M missing residuals (m for the seasonal method, 1 for naive), i.e. the root mean square of the
/// available residuals `e_t = y_t − y_{t−m}`; then `σ̂_h = σ̂·√(k+1)` (seasonal naive) or `σ̂·√h` (naive),
/// with normal multipliers 1.2816 (80%) and 1.9600 (95%). A one-observation series gets σ̂ = 0.
public struct SeasonalNaiveModel: ForecastingModel, Equatable {
    /// The lag actually used: m for the seasonal method, 1 for the naive fallback.
    public let lag: Int
    /// The last `lag` observations, oldest first.
    public let lastCycle: [Double]
    /// Residual standard deviation σ̂ (fpp3 eq. 5.1).
    public let residualStandardDeviation: Double

    /// True when the seasonal method was used (false: naive fallback).
    public var isSeasonal: Bool { lag > 1 }

    /// Fits the model; needs at least one finite observation.
    public static func fit(_ series: [Double], seasonPeriod: Int) throws -> SeasonalNaiveModel {
        let n = series.count
        guard n >= 1 else { throw ForecastError.insufficientData(needed: 1, got: 0) }
        guard series.allSatisfy(\.isFinite) else { throw ForecastError.invalidInput("non-finite value in series") }
        let lag = (seasonPeriod > 1 && n >= 2 * seasonPeriod) ? seasonPeriod : 1
        var sumSquares = 0.0
        for t in lag..<max(n, lag) {
            let e = series[t] - series[t - lag]
            sumSquares += e * e
        }
        let residualCount = n - lag
        let sigma = residualCount > 0 ? (sumSquares / Double(residualCount)).squareRoot() : 0
        return SeasonalNaiveModel(lag: lag, lastCycle: Array(series[(n - lag)...]), residualStandardDeviation: sigma)
    }

    /// Forecasts the next `horizon` periods.
    public func forecast(horizon: Int) -> ForecastResult {
        var point: [Double] = []
        var sd: [Double] = []
        point.reserveCapacity(max(horizon, 0))
        sd.reserveCapacity(max(horizon, 0))
        for h in stride(from: 1, through: horizon, by: 1) {
            point.append(lastCycle[(h - 1) % lag])
            let multiplier = isSeasonal ? Double((h - 1) / lag + 1) : Double(h)
            sd.append(residualStandardDeviation * multiplier.squareRoot())
        }
        return ForecastResult(point: point, standardDeviation: sd,
                              z80: NormalDistribution.quantile(0.9), z95: NormalDistribution.quantile(0.975))
    }
}
