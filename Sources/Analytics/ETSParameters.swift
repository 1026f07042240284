/// Smoothing parameters and initial states of an ETS model, on the natural scale.
///
/// β is the error-correction trend parameter (0 < β < α) and γ the seasonal one (0 < γ < 1 − α), as in
/// Hyndman et al. (2008) and statsmodels' `ETSModel`. Unused components are ignored (φ = 1 without damping).
/// `initialSeasonal[j]` is the seasonal state used by the forecast of observation j (0-based, j < m), so the
/// first observation uses `initialSeasonal[0]` (statsmodels' `results.initial_seasonal` has the same order).
public struct ETSParameters: Sendable, Equatable, Codable {
    /// Level smoothing α.
    public var alpha: Double
    /// Trend smoothing β.
    public var beta: Double
    /// Seasonal smoothing γ.
    public var gamma: Double
    /// Damping φ (1 for undamped trends).
    public var phi: Double
    /// Level before the first observation, ℓ₀.
    public var initialLevel: Double
    /// Trend before the first observation, b₀.
    public var initialTrend: Double
    /// Seasonal states s_{1−m} … s_0 in observation order (empty without seasonality).
    public var initialSeasonal: [Double]

    /// Creates a parameter set.
    public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1, initialLevel: Double,
                initialTrend: Double = 0, initialSeasonal: [Double] = []) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.phi = phi
        self.initialLevel = initialLevel
        self.initialTrend = initialTrend
        self.initialSeasonal = initialSeasonal
    }
}
