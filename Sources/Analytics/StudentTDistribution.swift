import Foundation

/// Student t distribution CDF and quantile via the regularised incomplete beta function.
public enum StudentTDistribution {
    /// P(T ≤ t) for `degreesOfFreedom` ν > 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard t.isFinite else { return t > 0 ? 1 : (t < 0 ? 0 : .nan) }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The p-quantile (0 < p < 1): Newton steps from the normal quantile, safeguarded by bisection (~1e-13).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        // Bracket [0, hi] with cdf(hi) > p.
        var lo = 0.0
        var hi = max(1.0, NormalDistribution.quantile(p))
        while cdf(hi, degreesOfFreedom: nu) < p { lo = hi; hi *= 2 }
        var x = min(max(NormalDistribution.quantile(p), lo), hi)
        let logNorm = SpecialFunctions.logGamma((nu + 1) / 2) - SpecialFunctions.logGamma(nu / 2) - 0.5 * log(nu * Double.pi)
        for _ in 0..<200 {
            let f = cdf(x, degreesOfFreedom: nu) - p
            if f > 0 { hi = x } else { lo = x }
            let density = exp(logNorm - (nu + 1) / 2 * log1p(x * x / nu))
            var next = x - f / density
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-14 * max(1, abs(x)) { return next }
            x = next
        }
        return x
    }

    /// I_x(a, b) by the Lentz continued fraction (Numerical Recipes `betacf`), using symmetry for convergence.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = SpecialFunctions.logGamma(a + b) - SpecialFunctions.logGamma(a) - SpecialFunctions.logGamma(b)
            + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let mm = Double(m)
            let m2 = 2 * mm
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
