import Foundation

/// Scalar special functions (log-gamma with sign, digamma) used by the likelihoods.
public enum SpecialFunctions {
    /// Natural log of |Γ(x)|; `+infinity` at the poles (x = 0, −1, −2, …).
    ///
    /// Uses the reentrant `lgamma_r` (via the overlay's tuple-returning `lgamma`), so it is safe to call
    /// from concurrent tasks (plain `lgamma` writes the global `signgam`).
    @inlinable
    public static func logGamma(_ x: Double) -> Double {
        let (value, _): (Double, Int) = lgamma(x)
        return value
    }

    /// Returns `(log|Γ(x)|, sign(Γ(x)))`; the sign is 0 at a pole, where 1/Γ(x) = 0.
    public static func logGammaWithSign(_ x: Double) -> (logAbs: Double, sign: Double) {
        if x > 0 { return (logGamma(x), 1) }
        if x.isNaN { return (.nan, .nan) }
        if x == x.rounded(.down) { return (.infinity, 0) }
        // For x < 0 (non-integer) Γ(x) is negative when floor(x) is odd.
        let floorX = x.rounded(.down)
        let isOdd = floorX.truncatingRemainder(dividingBy: 2) != 0
        return (logGamma(x), isOdd ? -1 : 1)
    }

    /// Digamma ψ(x) = d/dx log Γ(x), by upward recurrence and the asymptotic series.
    public static func digamma(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return .infinity }
        if x <= 0 {
            if x == x.rounded(.down) { return .nan }
            // Reflection: ψ(x) = ψ(1 − x) − π / tan(πx).
            return digamma(1 - x) - Double.pi / tan(Double.pi * x)
        }
        var y = x
        var result = 0.0
        while y < 10 {
            result -= 1 / y
            y += 1
        }
        let f = 1 / (y * y)
        // Σ B₂ₖ/(2k y²ᵏ) for k = 1...7; truncation error below 1e−17 for y ≥ 10.
        let tail = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240
            - f * (1.0 / 132 - f * (691.0 / 32760 - f / 12))))))
        return result + log(y) - 0.5 / y - tail
    }
}
