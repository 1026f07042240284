import Foundation

/// Derivative-free Nelder–Mead simplex minimiser with dimension-adaptive coefficients (Gao & Han 2012).
///
/// Converges when the spread of simplex values is ≤ `valueTolerance`·max(1, |f_best|) and every vertex
/// lies within `parameterTolerance`·max(1, |x_best|) (infinity norm) of the best vertex.
public struct NelderMeadMinimizer: Sendable {
    /// Relative tolerance on the spread of objective values across the simplex.
    public var valueTolerance: Double
    /// Relative tolerance on the simplex diameter.
    public var parameterTolerance: Double
    /// Maximum number of iterations.
    public var maxIterations: Int
    /// Edge length of the initial simplex, scaled by max(1, |x₀ᵢ|).
    public var initialStep: Double

    /// Creates a minimiser with the given settings.
    public init(valueTolerance: Double = 1e-12, parameterTolerance: Double = 1e-8, maxIterations: Int = 20_000,
                initialStep: Double = 0.25) {
        self.valueTolerance = valueTolerance
        self.parameterTolerance = parameterTolerance
        self.maxIterations = maxIterations
        self.initialStep = initialStep
    }

    /// Minimises `objective` (non-finite values are treated as +∞) from `start`.
    public func minimize(from start: [Double], objective: (_ x: [Double]) -> Double) -> OptimizationResult {
        let n = start.count
        guard n > 0 else {
            let v = objective(start)
            return OptimizationResult(parameters: start, value: v, iterations: 0, evaluations: 1, converged: v.isFinite,
                                      gradientNorm: .nan, method: .nelderMead, message: "zero-dimensional problem")
        }
        let dimension = Double(max(n, 1))
        let rho = 1.0
        let chi = 1 + 2 / dimension
        let gamma = 0.75 - 1 / (2 * dimension)
        let sigma = 1 - 1 / dimension
        var evaluations = 0
        func eval(_ x: [Double]) -> Double {
            evaluations += 1
            let v = objective(x)
            return v.isFinite ? v : .infinity
        }
        var simplex = [start]
        for i in 0..<n {
            var v = start
            v[i] += initialStep * max(1, abs(start[i]))
            simplex.append(v)
        }
        var values = simplex.map(eval)
        var iterations = 0
        var converged = false
        var order = Array(0...n)
        while iterations < maxIterations {
            order.sort { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            order = Array(0...n)
            let best = values[0]
            let worst = values[n]
            if best.isFinite && worst.isFinite {
                let valueSpread = worst - best
                var diameter = 0.0
                var scale = 1.0
                for j in 0..<n { scale = max(scale, abs(simplex[0][j])) }
                for i in 1...n {
                    for j in 0..<n { diameter = max(diameter, abs(simplex[i][j] - simplex[0][j])) }
                }
                if valueSpread <= valueTolerance * max(1, abs(best)) && diameter <= parameterTolerance * scale {
                    converged = true
                    break
                }
            }
            iterations += 1
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n {
                for j in 0..<n { centroid[j] += simplex[i][j] / dimension }
            }
            func along(_ t: Double) -> [Double] {
                (0..<n).map { centroid[$0] + t * (centroid[$0] - simplex[n][$0]) }
            }
            let reflected = along(rho)
            let fr = eval(reflected)
            if fr < values[0] {
                let expanded = along(rho * chi)
                let fe = eval(expanded)
                if fe < fr {
                    simplex[n] = expanded
                    values[n] = fe
                } else {
                    simplex[n] = reflected
                    values[n] = fr
                }
                continue
            }
            if fr < values[n - 1] {
                simplex[n] = reflected
                values[n] = fr
                continue
            }
            if fr < values[n] {
                let outside = along(rho * gamma)
                let fo = eval(outside)
                if fo <= fr {
                    simplex[n] = outside
                    values[n] = fo
                    continue
                }
            } else {
                let inside = along(-gamma)
                let fi = eval(inside)
                if fi < values[n] {
                    simplex[n] = inside
                    values[n] = fi
                    continue
                }
            }
            // Shrink towards the best vertex.
            for i in 1...n {
                for j in 0..<n { simplex[i][j] = simplex[0][j] + sigma * (simplex[i][j] - simplex[0][j]) }
                values[i] = eval(simplex[i])
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] } ?? 0
        return OptimizationResult(parameters: simplex[bestIndex], value: values[bestIndex], iterations: iterations,
                                  evaluations: evaluations, converged: converged, gradientNorm: .nan,
                                  method: .nelderMead,
                                  message: converged ? "simplex tolerance met" : "maximum iterations reached")
    }
}
