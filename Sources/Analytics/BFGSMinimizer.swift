import Foundation

/// Quasi-Newton BFGS minimiser with a strong-Wolfe line search and analytic gradients.
///
/// The objective receives a point and writes the gradient into `gradient` (already sized to the
/// dimension); it returns the value. Non-finite values are treated as "step too long" by the
/// line search. Convergence: ‖∇f‖∞ ≤ `gradientTolerance` · max(1, |f|).
public struct BFGSMinimizer: Sendable {
    /// Relative gradient tolerance (see type documentation).
    public var gradientTolerance: Double
    /// Maximum number of BFGS iterations.
    public var maxIterations: Int
    /// Armijo (sufficient decrease) constant.
    public var c1: Double
    /// Curvature constant for the strong Wolfe condition.
    public var c2: Double
    /// Maximum objective evaluations per line search.
    public var maxLineSearchEvaluations: Int

    /// Creates a minimiser with the given settings.
    public init(gradientTolerance: Double = 1e-9, maxIterations: Int = 500, c1: Double = 1e-4, c2: Double = 0.9,
                maxLineSearchEvaluations: Int = 60) {
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
        self.c1 = c1
        self.c2 = c2
        self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    /// Minimises `objective` starting from `start`.
    public func minimize(from start: [Double], objective: (_ x: [Double], _ gradient: inout [Double]) -> Double) -> OptimizationResult {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var evaluations = 1
        var f = objective(x, &g)
        guard f.isFinite, g.allSatisfy(\.isFinite) else {
            return OptimizationResult(parameters: x, value: f, iterations: 0, evaluations: evaluations, converged: false,
                                      gradientNorm: .nan, method: .bfgs, message: "objective not finite at start")
        }
        var h = Self.identity(n)
        var d = [Double](repeating: 0, count: n)
        var s = [Double](repeating: 0, count: n)
        var y = [Double](repeating: 0, count: n)
        var hy = [Double](repeating: 0, count: n)
        var iterations = 0
        var scaled = false
        var message = "maximum iterations reached"
        var converged = isConverged(g, f)
        if converged { message = "gradient tolerance met" }
        var justReset = false

        while !converged && iterations < maxIterations {
            iterations += 1
            // d = −H g
            for i in 0..<n {
                var acc = 0.0
                for j in 0..<n { acc -= h[i * n + j] * g[j] }
                d[i] = acc
            }
            var slope = Self.dot(g, d)
            if !(slope < 0) || !slope.isFinite {
                h = Self.identity(n)
                scaled = false
                for i in 0..<n { d[i] = -g[i] }
                slope = -Self.dot(g, g)
            }
            let initialStep = scaled ? 1.0 : min(1.0, 1.0 / max(Self.normInf(g), 1e-300))
            let search = lineSearch(x: x, f0: f, slope0: slope, direction: d, initialStep: initialStep,
                                    objective: objective)
            evaluations += search.evaluations
            guard let accepted = search.point else {
                if justReset || !scaled {
                    message = "line search failed to find a lower point"
                    break
                }
                // Retry once from steepest descent with a fresh Hessian approximation.
                h = Self.identity(n)
                scaled = false
                justReset = true
                continue
            }
            justReset = false
            for i in 0..<n {
                s[i] = accepted.x[i] - x[i]
                y[i] = accepted.gradient[i] - g[i]
            }
            x = accepted.x
            f = accepted.value
            g = accepted.gradient
            if isConverged(g, f) {
                converged = true
                message = "gradient tolerance met"
                break
            }
            let sy = Self.dot(s, y)
            let yy = Self.dot(y, y)
            guard sy > 1e-12 * (Self.dot(s, s).squareRoot() * yy.squareRoot()), yy > 0 else { continue }
            if !scaled {
                let gamma = sy / yy
                h = Self.identity(n).map { $0 * gamma }
                scaled = true
            }
            // H ← H + ((sᵀy + yᵀHy)/(sᵀy)²) ssᵀ − (Hy sᵀ + s yᵀH)/(sᵀy)
            for i in 0..<n {
                var acc = 0.0
                for j in 0..<n { acc += h[i * n + j] * y[j] }
                hy[i] = acc
            }
            let yhy = Self.dot(y, hy)
            let factor = (sy + yhy) / (sy * sy)
            for i in 0..<n {
                for j in 0..<n {
                    h[i * n + j] += factor * s[i] * s[j] - (hy[i] * s[j] + s[i] * hy[j]) / sy
                }
            }
        }
        return OptimizationResult(parameters: x, value: f, iterations: iterations, evaluations: evaluations,
                                  converged: converged, gradientNorm: Self.normInf(g), method: .bfgs, message: message)
    }

    func isConverged(_ g: [Double], _ f: Double) -> Bool {
        Self.normInf(g) <= gradientTolerance * max(1, abs(f))
    }

    struct Trial {
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    /// Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5/3.6) with quadratic interpolation.
    func lineSearch(x: [Double], f0: Double, slope0: Double, direction d: [Double], initialStep: Double,
                    objective: (_ x: [Double], _ gradient: inout [Double]) -> Double) -> (point: Trial?, evaluations: Int) {
        var evaluations = 0
        let n = x.count
        func evaluate(_ alpha: Double) -> Trial {
            var xt = [Double](repeating: 0, count: n)
            for i in 0..<n { xt[i] = x[i] + alpha * d[i] }
            var gt = [Double](repeating: 0, count: n)
            let ft = objective(xt, &gt)
            evaluations += 1
            let finite = ft.isFinite && gt.allSatisfy(\.isFinite)
            return Trial(x: xt, value: finite ? ft : .infinity, gradient: gt, slope: finite ? Self.dot(gt, d) : .nan)
        }
        let noiseFloor = 1e-12 * max(1, abs(f0))
        func approximateWolfe(_ t: Trial) -> Bool {
            // Hager–Zhang approximate Wolfe conditions, guarding against rounding near the optimum.
            t.value <= f0 + noiseFloor && t.slope >= c2 * slope0 && t.slope <= (2 * c1 - 1) * slope0
        }

        var alphaPrev = 0.0
        var prev = Trial(x: x, value: f0, gradient: [], slope: slope0)
        var alpha = initialStep
        var lo: (alpha: Double, trial: Trial)
        var hi: (alpha: Double, trial: Trial)
        var iteration = 0
        while true {
            if evaluations >= maxLineSearchEvaluations { return (nil, evaluations) }
            let t = evaluate(alpha)
            if !t.value.isFinite {
                alpha = alphaPrev + 0.25 * (alpha - alphaPrev)
                continue
            }
            if t.value > f0 + c1 * alpha * slope0 || (iteration > 0 && t.value >= prev.value) {
                if approximateWolfe(t) { return (t, evaluations) }
                lo = (alphaPrev, prev)
                hi = (alpha, t)
                break
            }
            if abs(t.slope) <= -c2 * slope0 { return (t, evaluations) }
            if t.slope >= 0 {
                lo = (alpha, t)
                hi = (alphaPrev, prev)
                break
            }
            alphaPrev = alpha
            prev = t
            alpha *= 2.5
            iteration += 1
        }
        // Zoom phase: lo always satisfies sufficient decrease and has the lowest value so far.
        while evaluations < maxLineSearchEvaluations {
            let width = hi.alpha - lo.alpha
            if abs(width) <= 1e-16 * max(1, abs(lo.alpha)) { break }
            // Quadratic interpolant using f(lo), f'(lo), f(hi).
            var candidate = lo.alpha + width / 2
            if hi.trial.value.isFinite {
                let denom = 2 * (hi.trial.value - lo.trial.value - lo.trial.slope * width)
                if denom > 0 {
                    candidate = lo.alpha - lo.trial.slope * width * width / denom
                }
            }
            let lower = min(lo.alpha, hi.alpha) + 0.1 * abs(width)
            let upper = max(lo.alpha, hi.alpha) - 0.1 * abs(width)
            if !(candidate >= lower && candidate <= upper) { candidate = lo.alpha + width / 2 }
            let t = evaluate(candidate)
            if !t.value.isFinite || t.value > f0 + c1 * candidate * slope0 || t.value >= lo.trial.value {
                if t.value.isFinite && approximateWolfe(t) { return (t, evaluations) }
                hi = (candidate, t)
            } else {
                if abs(t.slope) <= -c2 * slope0 || approximateWolfe(t) { return (t, evaluations) }
                if t.slope * width >= 0 { hi = lo }
                lo = (candidate, t)
            }
        }
        // Accept the best sufficient-decrease point found, if it moved at all.
        if lo.alpha > 0 && lo.trial.value < f0 { return (lo.trial, evaluations) }
        return (nil, evaluations)
    }

    static func identity(_ n: Int) -> [Double] {
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = 1 }
        return m
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var acc = 0.0
        for i in 0..<a.count { acc += a[i] * b[i] }
        return acc
    }

    static func normInf(_ a: [Double]) -> Double {
        var m = 0.0
        for v in a { m = max(m, abs(v)) }
        return a.contains(where: { $0.isNaN }) ? .nan : m
    }
}
