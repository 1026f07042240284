/// Clamps forecasts of inherently non-negative quantities (sales, units) at zero.
///
/// Clamping is applied after the model has produced its forecast distribution: a point forecast or
/// interval bound below zero becomes exactly 0. This is the simple "truncate" convention; it keeps the
/// upper bounds untouched, so the intervals remain valid (if conservative) for a non-negative variable.
public enum ForecastClamp {
    /// `max(0, v)` for every value; NaN stays NaN so that failures remain visible.
    public static func nonNegative(_ values: [Double]) -> [Double] {
        values.map { $0 < 0 ? 0 : $0 }
    }

    /// Clamps the point forecasts and all interval bounds at zero.
    public static func nonNegative(_ forecast: ForecastResult) -> ForecastResult {
        ForecastResult(point: nonNegative(forecast.point),
                       lower80: nonNegative(forecast.lower80), upper80: nonNegative(forecast.upper80),
                       lower95: nonNegative(forecast.lower95), upper95: nonNegative(forecast.upper95))
    }
}
