import Foundation

/// Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1.
///
/// Strategy:
/// * z < 0: Pfaff transformation ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)), which maps z into (0, 1).
/// * 0 ≤ z ≤ `seriesThreshold` (0.9): the defining power series, summed until the tail bound
///   |tₙ|·ρ/(1−ρ) falls below 1e−16·|sum| (ρ bounds the remaining term ratios).
/// * z > 0.9 and s = c−a−b not within 1e−3 of an integer: the linear transformation z → 1−z
///   (Abramowitz & Stegun 15.3.6), whose two series converge quickly in 1−z < 0.1. Gamma
///   factors are evaluated in log space with signs.
/// * z > 0.9 and s (nearly) an integer, where 15.3.6 is singular: the direct series with up to
///   `maxTerms` terms; if that does not converge, linear interpolation in c between two points
///   with s ± 0.002 off the integer (relative accuracy about 1e−6; documented limitation).
/// * z = 1: Gauss's theorem when c−a−b > 0, otherwise +infinity / NaN.
///
/// Returns NaN when c is a non-positive integer (undefined) or nothing converged.
public enum Hypergeometric2F1 {
    /// Largest |z| handled by the direct series before switching to the 1−z transformation.
    public static let seriesThreshold = 0.9
    /// Term cap for the direct series.
    public static let maxTerms = 1_000_000

    /// Evaluates ₂F₁(a, b; c; z).
    public static func evaluate(a: Double, b: Double, c: Double, z: Double) -> Double {
        guard a.isFinite, b.isFinite, c.isFinite, z.isFinite, z <= 1 else { return .nan }
        if z == 0 || a == 0 || b == 0 { return 1 }
        if isNonPositiveInteger(c) && !(terminatesBefore(a, c) || terminatesBefore(b, c)) { return .nan }
        if z == 1 { return gaussAtOne(a: a, b: b, c: c) }
        if z < 0 {
            let w = z / (z - 1)
            return pow(1 - z, -a) * positive(a: a, b: c - b, c: c, z: w)
        }
        return positive(a: a, b: b, c: c, z: z)
    }

    /// ₂F₁ for 0 < z < 1.
    static func positive(a: Double, b: Double, c: Double, z: Double) -> Double {
        if z <= seriesThreshold || isNonPositiveInteger(a) || isNonPositiveInteger(b) {
            let s = series(a: a, b: b, c: c, z: z, maxTerms: maxTerms)
            return s.converged ? s.value : .nan
        }
        let s = c - a - b
        if abs(s - s.rounded()) > 1e-3 {
            return linearTransformation(a: a, b: b, c: c, z: z)
        }
        let direct = series(a: a, b: b, c: c, z: z, maxTerms: maxTerms)
        if direct.converged { return direct.value }
        // Interpolate in c between two non-degenerate neighbours.
        let k = s.rounded()
        let c1 = c + (k + 0.002 - s)
        let c2 = c + (k - 0.002 - s)
        let f1 = linearTransformation(a: a, b: b, c: c1, z: z)
        let f2 = linearTransformation(a: a, b: b, c: c2, z: z)
        return f1 + (f2 - f1) * (c - c1) / (c2 - c1)
    }

    /// The power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ with a convergence check.
    static func series(a: Double, b: Double, c: Double, z: Double, maxTerms: Int) -> (value: Double, converged: Bool) {
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        let absZ = abs(z)
        for _ in 0..<maxTerms {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            n += 1
            if term == 0 { return (sum, true) }
            if !sum.isFinite { return (sum, false) }
            if abs(term) <= 1e-15 * abs(sum) {
                let ratio = abs((a + n) * (b + n) / ((c + n) * (n + 1)) * z)
                let bound = max(ratio, absZ)
                if bound < 1 && abs(term) * bound / (1 - bound) <= 1e-16 * abs(sum) {
                    return (sum, true)
                }
            }
        }
        return (sum, false)
    }

    /// A&S 15.3.6: valid when c − a − b is not an integer.
    static func linearTransformation(a: Double, b: Double, c: Double, z: Double) -> Double {
        let s = c - a - b
        let w = 1 - z
        let logW = log(w)
        var total = 0.0
        // First term: Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) · ₂F₁(a, b; 1−s; w)
        if let (logA, signA) = gammaRatio(numerators: [c, s], denominators: [c - a, c - b]), signA != 0 {
            let f = series(a: a, b: b, c: 1 - s, z: w, maxTerms: maxTerms)
            guard f.converged else { return .nan }
            total += signA * exp(logA) * f.value
        }
        // Second term: w^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) · ₂F₁(c−a, c−b; 1+s; w)
        if let (logB, signB) = gammaRatio(numerators: [c, -s], denominators: [a, b]), signB != 0 {
            let f = series(a: c - a, b: c - b, c: 1 + s, z: w, maxTerms: maxTerms)
            guard f.converged else { return .nan }
            total += signB * exp(logB + s * logW) * f.value
        }
        return total
    }

    /// Gauss's theorem at z = 1.
    static func gaussAtOne(a: Double, b: Double, c: Double) -> Double {
        let s = c - a - b
        guard s > 0 else { return s <= 0 && a > 0 && b > 0 && c > 0 ? .infinity : .nan }
        guard let (logValue, sign) = gammaRatio(numerators: [c, s], denominators: [c - a, c - b]) else { return .nan }
        return sign * exp(logValue)
    }

    /// log|Π Γ(numerators) / Π Γ(denominators)| and its sign; nil when a numerator sits on a pole.
    /// A denominator on a pole makes the ratio exactly zero (sign 0).
    static func gammaRatio(numerators: [Double], denominators: [Double]) -> (Double, Double)? {
        var logValue = 0.0
        var sign = 1.0
        for x in numerators {
            let g = SpecialFunctions.logGammaWithSign(x)
            if g.sign == 0 || g.sign.isNaN { return nil }
            logValue += g.logAbs
            sign *= g.sign
        }
        for x in denominators {
            let g = SpecialFunctions.logGammaWithSign(x)
            if g.sign.isNaN { return nil }
            if g.sign == 0 { return (-.infinity, 0) }
            logValue -= g.logAbs
            sign *= g.sign
        }
        return (logValue, sign)
    }

    static func isNonPositiveInteger(_ x: Double) -> Bool {
        x <= 0 && x == x.rounded()
    }

    /// True when `p` is a non-positive integer with |p| < |c|, so the series stops before (c)ₙ vanishes.
    static func terminatesBefore(_ p: Double, _ c: Double) -> Bool {
        isNonPositiveInteger(p) && p > c
    }
}
