/// Rolling-origin (time-series cross-validation) backtest with refitting at every origin (fpp3 §5.10).
///
/// For each origin o = minimumTrainingLength … n − h every method is refitted on `series[0..<o]` only —
/// the training slice is copied, so later observations cannot leak into the fit — and forecasts
/// observations o ..< o + h. Accuracy is pooled over origins and steps (`BacktestMethodSummary`), and the
/// winner is the eligible method (one that forecast at every origin) with the lowest MASE. Two MASE values within `tieTolerance` (relative)
/// count as a tie, and ties go to the simpler method in `ForecastMethod.simplicityRank` order.
public struct RollingOriginBacktest: Sendable {
    /// Relative tolerance for MASE ties.
    public static let tieTolerance = 1e-9

    /// Forecast horizon h ≥ 1.
    public var horizon: Int
    /// Shortest training window (first origin) ≥ 1.
    public var minimumTrainingLength: Int
    /// Seasonal period m (1 for non-seasonal series).
    public var seasonPeriod: Int
    /// Methods to compare.
    public var methods: [ForecastMethod]
    /// Clamp forecasts at zero before scoring (sales cannot be negative).
    public var clampNonNegative: Bool

    /// Creates a backtest.
    public init(horizon: Int, minimumTrainingLength: Int, seasonPeriod: Int,
                methods: [ForecastMethod] = ForecastMethod.standard, clampNonNegative: Bool = true) {
        self.horizon = horizon
        self.minimumTrainingLength = minimumTrainingLength
        self.seasonPeriod = seasonPeriod
        self.methods = methods
        self.clampNonNegative = clampNonNegative
    }

    /// Runs the backtest; throws when the series is too short for a single origin.
    public func run(_ series: [Double]) throws -> BacktestReport {
        guard horizon >= 1, minimumTrainingLength >= 1 else {
            throw ForecastError.invalidInput("horizon and minimum training length must be at least 1")
        }
        let lastOrigin = series.count - horizon
        guard lastOrigin >= minimumTrainingLength else {
            throw ForecastError.insufficientData(needed: minimumTrainingLength + horizon, got: series.count)
        }
        let origins = Array(minimumTrainingLength...lastOrigin)
        var summaries: [BacktestMethodSummary] = []
        for method in methods {
            var records: [BacktestOrigin] = []
            var failures = 0
            for origin in origins {
                let training = Array(series[0..<origin])
                let actual = Array(series[origin..<(origin + horizon)])
                guard var forecast = try? method.forecast(training, seasonPeriod: seasonPeriod, horizon: horizon) else {
                    failures += 1
                    continue
                }
                if clampNonNegative { forecast = forecast.clampedNonNegative() }
                records.append(BacktestOrigin(origin: origin, forecast: forecast, actual: actual,
                                              maseScale: ForecastAccuracy.maseScale(training: training,
                                                                                    seasonPeriod: seasonPeriod)))
            }
            summaries.append(Self.summarize(method: method, records: records, failures: failures))
        }
        return BacktestReport(horizon: horizon, origins: origins, methods: summaries, winner: Self.winner(summaries))
    }

    public static func summarize(method: ForecastMethod, records: [BacktestOrigin], failures: Int) -> BacktestMethodSummary {
        var absolute = 0.0
        var smape = 0.0
        var count = 0
        var scaled = 0.0
        var scaledCount = 0
        for record in records {
            let usable = record.maseScale.isFinite && record.maseScale > 0
            for (y, f) in zip(record.actual, record.forecast.point) {
                let e = abs(y - f)
                absolute += e
                smape += ForecastAccuracy.smapeTerm(actual: y, forecast: f)
                count += 1
                if usable {
                    scaled += e / record.maseScale
                    scaledCount += 1
                }
            }
        }
        return BacktestMethodSummary(method: method,
                                     mae: count > 0 ? absolute / Double(count) : .nan,
                                     smape: count > 0 ? smape / Double(count) : .nan,
                                     mase: scaledCount > 0 ? scaled / Double(scaledCount) : .nan,
                                     origins: records, failures: failures)
    }

    /// Lowest MASE among eligible methods; ties (within `tieTolerance`) go to the simpler method. When no
    /// eligible method has a finite MASE (every training window had a zero or undefined scale, e.g. a constant
    /// series) the same rule is applied to MAE instead.
    static func winner(_ summaries: [BacktestMethodSummary]) -> ForecastMethod? {
        let eligible = summaries.filter(\.isEligible)
        let useMASE = eligible.contains { $0.mase.isFinite }
        let key: (BacktestMethodSummary) -> Double = useMASE ? { $0.mase } : { $0.mae }
        let ordered = eligible.filter { key($0).isFinite }.enumerated().sorted {
            ($0.element.method.simplicityRank, $0.offset) < ($1.element.method.simplicityRank, $1.offset)
        }.map(\.element)
        guard var best = ordered.first else { return nil }
        for candidate in ordered.dropFirst() {
            let a = key(candidate), b = key(best)
            let tie = abs(a - b) <= tieTolerance * max(abs(a), abs(b))
            if !tie && a < b { best = candidate }
        }
        return best.method
    }
}
