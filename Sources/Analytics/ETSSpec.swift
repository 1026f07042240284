/// Which exponential smoothing state-space model (Hyndman et al. 2008 taxonomy) to fit, e.g. ETS(M,Ad,M).
public struct ETSSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Error component.
    public enum ErrorType: String, Sendable, Hashable, Codable {
        /// Additive errors: y_t = ŷ_t + ε_t.
        case additive = "A"
        /// Multiplicative errors: y_t = ŷ_t (1 + ε_t).
        case multiplicative = "M"
    }

    /// Trend component.
    public enum TrendType: String, Sendable, Hashable, Codable {
        /// No trend.
        case none = "N"
        /// Additive (linear) trend.
        case additive = "A"
        /// Additive damped trend with 0.8 ≤ φ ≤ 0.98.
        case additiveDamped = "Ad"
    }

    /// Seasonal component.
    public enum SeasonType: String, Sendable, Hashable, Codable {
        /// No seasonality.
        case none = "N"
        /// Additive seasonality.
        case additive = "A"
        /// Multiplicative seasonality.
        case multiplicative = "M"
    }

    /// Error component.
    public var error: ErrorType
    /// Trend component.
    public var trend: TrendType
    /// Seasonal component.
    public var season: SeasonType

    /// Creates a specification.
    public init(error: ErrorType, trend: TrendType, season: SeasonType) {
        self.error = error
        self.trend = trend
        self.season = season
    }

    /// Simple exponential smoothing, ETS(A,N,N).
    public static let ANN = ETSSpec(error: .additive, trend: .none, season: .none)
    /// Holt's linear method, ETS(A,A,N).
    public static let AAN = ETSSpec(error: .additive, trend: .additive, season: .none)
    /// Damped trend, ETS(A,Ad,N).
    public static let AAdN = ETSSpec(error: .additive, trend: .additiveDamped, season: .none)
    /// Additive seasonality without trend, ETS(A,N,A).
    public static let ANA = ETSSpec(error: .additive, trend: .none, season: .additive)
    /// Additive Holt-Winters, ETS(A,A,A).
    public static let AAA = ETSSpec(error: .additive, trend: .additive, season: .additive)
    /// Damped additive Holt-Winters, ETS(A,Ad,A).
    public static let AAdA = ETSSpec(error: .additive, trend: .additiveDamped, season: .additive)
    /// Multiplicative Holt-Winters, ETS(M,A,M).
    public static let MAM = ETSSpec(error: .multiplicative, trend: .additive, season: .multiplicative)
    /// Damped multiplicative Holt-Winters, ETS(M,Ad,M).
    public static let MAdM = ETSSpec(error: .multiplicative, trend: .additiveDamped, season: .multiplicative)

    /// Default candidate set, from simplest to most complex; this order also breaks backtest ties.
    public static let candidates: [ETSSpec] = [.ANN, .AAN, .AAdN, .ANA, .AAA, .AAdA, .MAM, .MAdM]

    /// True when the model has a trend state.
    public var hasTrend: Bool { trend != .none }
    /// True when the trend is damped.
    public var isDamped: Bool { trend == .additiveDamped }
    /// True when the model has seasonal states.
    public var hasSeason: Bool { season != .none }
    /// True when every component is additive (a linear model with analytic prediction intervals).
    public var isLinear: Bool { error == .additive && season != .multiplicative }
    /// True when the model requires strictly positive data.
    public var needsPositiveData: Bool { error == .multiplicative || season == .multiplicative }

    /// Number of smoothing parameters (α, β, γ, φ) the model estimates.
    public var smoothingParameterCount: Int {
        1 + (hasTrend ? 1 : 0) + (hasSeason ? 1 : 0) + (isDamped ? 1 : 0)
    }

    /// Number of freely estimated parameters (smoothing + initial states, one seasonal state being fixed by
    /// the normalisation), excluding σ²; with m the seasonal period.
    public func freeParameterCount(seasonPeriod m: Int) -> Int {
        smoothingParameterCount + 1 + (hasTrend ? 1 : 0) + (hasSeason ? m - 1 : 0)
    }

    /// "ETS(A,Ad,N)" style name.
    public var description: String { "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))" }
}
