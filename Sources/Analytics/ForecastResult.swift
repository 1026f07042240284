/// Point forecasts with 80% and 95% prediction intervals for horizons 1...h.
///
/// All arrays have the same length h; index 0 is the one-step-ahead forecast.
public struct ForecastResult: Sendable, Equatable {
    /// Point forecasts.
    public var point: [Double]
    /// Lower bounds of the 80% prediction interval.
    public var lower80: [Double]
    /// Upper bounds of the 80% prediction interval.
    public var upper80: [Double]
    /// Lower bounds of the 95% prediction interval.
    public var lower95: [Double]
    /// Upper bounds of the 95% prediction interval.
    public var upper95: [Double]

    /// Creates a forecast; the caller guarantees equal lengths.
    public init(point: [Double], lower80: [Double], upper80: [Double], lower95: [Double], upper95: [Double]) {
        self.point = point
        self.lower80 = lower80
        self.upper80 = upper80
        self.lower95 = lower95
        self.upper95 = upper95
    }

    /// Symmetric normal-style intervals `point ± z · sd` for the 80% and 95% levels.
    public init(point: [Double], standardDeviation sd: [Double], z80: Double, z95: Double) {
        self.point = point
        lower80 = zip(point, sd).map { $0 - z80 * $1 }
        upper80 = zip(point, sd).map { $0 + z80 * $1 }
        lower95 = zip(point, sd).map { $0 - z95 * $1 }
        upper95 = zip(point, sd).map { $0 + z95 * $1 }
    }

    /// Number of forecast steps.
    public var horizon: Int { point.count }

    /// A copy with every point forecast and interval bound clamped at zero (see `ForecastClamp`).
    public func clampedNonNegative() -> ForecastResult {
        ForecastClamp.nonNegative(self)
    }
}
