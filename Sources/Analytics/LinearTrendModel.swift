import Foundation

/// Ordinary-least-squares linear trend `y_t = a + b·t` on the period index t = 1…n.
///
/// Prediction intervals use the regression's prediction standard error
/// `s·√(1 + 1/n + (t₀ − t̄)²/Σ(t − t̄)²)` with `s² = SSE/(n − 2)` and **Student t quantiles with n − 2
/// degrees of freedom** (as R's `predict.lm`), so they are exact under i.i.d. normal errors.
public struct LinearTrendModel: ForecastingModel, Equatable {
    /// Intercept a (the fitted value at t = 0).
    public let intercept: Double
    /// Slope b per period.
    public let slope: Double
    /// Residual standard error s = √(SSE/(n − 2)).
    public let residualStandardError: Double
    /// Number of observations fitted.
    public let count: Int
    /// Mean of the period index, (n + 1)/2.
    public let meanIndex: Double
    /// Σ(t − t̄)² over the fitted periods.
    public let indexSumOfSquares: Double

    /// Fits the trend; needs at least 3 finite observations. `seasonPeriod` is ignored.
    public static func fit(_ series: [Double], seasonPeriod: Int = 1) throws -> LinearTrendModel {
        let n = series.count
        guard n >= 3 else { throw ForecastError.insufficientData(needed: 3, got: n) }
        guard series.allSatisfy(\.isFinite) else { throw ForecastError.invalidInput("non-finite value in series") }
        let nd = Double(n)
        let tBar = (nd + 1) / 2
        let yBar = series.reduce(0, +) / nd
        var sxx = 0.0
        var sxy = 0.0
        for (i, y) in series.enumerated() {
            let dt = Double(i + 1) - tBar
            sxx += dt * dt
            sxy += dt * (y - yBar)
        }
        let slope = sxy / sxx
        let intercept = yBar - slope * tBar
        var sse = 0.0
        for (i, y) in series.enumerated() {
            let r = y - (intercept + slope * Double(i + 1))
            sse += r * r
        }
        return LinearTrendModel(intercept: intercept, slope: slope, residualStandardError: (sse / (nd - 2)).squareRoot(),
                                count: n, meanIndex: tBar, indexSumOfSquares: sxx)
    }

    /// Fitted value at period index t (1-based; t > n extrapolates).
    public func value(at t: Int) -> Double {
        intercept + slope * Double(t)
    }

    /// Standard error of a new observation at period index t.
    public func predictionStandardError(at t: Int) -> Double {
        let dt = Double(t) - meanIndex
        return residualStandardError * (1 + 1 / Double(count) + dt * dt / indexSumOfSquares).squareRoot()
    }

    /// Forecasts periods n+1 … n+horizon.
    public func forecast(horizon: Int) -> ForecastResult {
        let steps = horizon > 0 ? Array(1...horizon) : []
        let point = steps.map { value(at: count + $0) }
        let sd = steps.map { predictionStandardError(at: count + $0) }
        let df = Double(count - 2)
        return ForecastResult(point: point, standardDeviation: sd,
                              z80: StudentTDistribution.quantile(0.9, degreesOfFreedom: df),
                              z95: StudentTDistribution.quantile(0.975, degreesOfFreedom: df))
    }
}
