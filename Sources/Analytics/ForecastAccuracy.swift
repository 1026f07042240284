/// Point-forecast accuracy measures (Hyndman & Athanasopoulos, fpp3 §5.8).
///
/// - MAE: mean |y − ŷ|.
/// - sMAPE (fpp3's definition): mean of 200·|y − ŷ| / (y + ŷ), in percent; terms with y + ŷ = 0
///   (both zero: a perfect forecast) count as 0. fpp3 discourages it (asymmetric, unstable near zero);
///   it is reported for comparison only.
/// - MASE: mean |y − ŷ| / Q, with Q the in-sample MAE of the seasonal naive method on the training window,
///   Q = mean_{t>m} |y_t − y_{t−m}|, or of the naive method (lag 1) when the window is shorter than m + 1.
public enum ForecastAccuracy {
    /// Mean absolute error; NaN for empty input.
    public static func mae(actual: [Double], forecast: [Double]) -> Double {
        let n = min(actual.count, forecast.count)
        guard n > 0 else { return .nan }
        var total = 0.0
        for i in 0..<n { total += abs(actual[i] - forecast[i]) }
        return total / Double(n)
    }

    /// fpp3 sMAPE in percent (see type documentation).
    public static func smape(actual: [Double], forecast: [Double]) -> Double {
        let n = min(actual.count, forecast.count)
        guard n > 0 else { return .nan }
        var total = 0.0
        for i in 0..<n { total += smapeTerm(actual: actual[i], forecast: forecast[i]) }
        return total / Double(n)
    }

    /// One sMAPE term 200·|y − ŷ|/(y + ŷ), 0 when y + ŷ = 0.
    public static func smapeTerm(actual y: Double, forecast f: Double) -> Double {
        let denominator = y + f
        return denominator == 0 ? 0 : 200 * abs(y - f) / denominator
    }

    /// The MASE scale Q of a training window: seasonal-naive in-sample MAE (lag m) when the window has at
    /// least m + 1 values and m > 1, else naive (lag 1). NaN when fewer than 2 values.
    public static func maseScale(training: [Double], seasonPeriod m: Int) -> Double {
        let lag = (m > 1 && training.count >= m + 1) ? m : 1
        guard training.count > lag else { return .nan }
        var total = 0.0
        for t in lag..<training.count { total += abs(training[t] - training[t - lag]) }
        return total / Double(training.count - lag)
    }

    /// MASE of a forecast given its training window.
    public static func mase(actual: [Double], forecast: [Double], training: [Double], seasonPeriod: Int) -> Double {
        mae(actual: actual, forecast: forecast) / maseScale(training: training, seasonPeriod: seasonPeriod)
    }
}
