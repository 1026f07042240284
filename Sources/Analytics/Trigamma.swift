import Foundation

extension SpecialFunctions {
    /// Trigamma ψ₁(x) = d²/dx² log Γ(x) for x > 0, by upward recurrence to x ≥ 10 and the asymptotic series
    /// ψ₁(y) ≈ 1/y + 1/(2y²) + Σₖ B₂ₖ / y²ᵏ⁺¹ (k = 1…7; truncation error below 1e−17 relative for y ≥ 10).
    /// NaN for x ≤ 0 (the likelihoods only need positive arguments).
    public static func trigamma(_ x: Double) -> Double {
        guard x > 0 else { return .nan }
        if x == .infinity { return 0 }
        var y = x
        var result = 0.0
        while y < 10 {
            result += 1 / (y * y)
            y += 1
        }
        let inv = 1 / y
        let f = inv * inv
        // 1/6 − 1/(30y²) + 1/(42y⁴) − 1/(30y⁶) + 5/(66y⁸) − 691/(2730y¹⁰) + 7/(6y¹²)
        let series = 1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30 - f * (5.0 / 66
            - f * (691.0 / 2730 - f * 7.0 / 6)))))
        return result + inv + 0.5 * f + f * inv * series
    }
}
