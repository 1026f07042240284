import Foundation

/// Multi-start minimiser for objectives whose parameters must stay positive.
///
/// Works on θ = log(parameters). For each starting point: BFGS; if it does not converge, Nelder–Mead
/// from the best point reached, then a BFGS polish from the simplex result. Stops at the first start that
/// converges (unless `tryAllStarts`), otherwise moves to the next start. The report always lists every
/// attempt and `converged` is false when none converged — callers must not use such a fit silently.
public struct PositiveParameterFitter: Sendable {
    /// Starting points on the natural (positive) scale.
    public var startingPoints: [[Double]]
    /// Gradient-based minimiser.
    public var bfgs: BFGSMinimizer
    /// Derivative-free fallback.
    public var nelderMead: NelderMeadMinimizer
    /// When true all starts are run and the lowest converged value wins.
    public var tryAllStarts: Bool

    /// Creates a fitter.
    public init(startingPoints: [[Double]], bfgs: BFGSMinimizer = BFGSMinimizer(),
                nelderMead: NelderMeadMinimizer = NelderMeadMinimizer(), tryAllStarts: Bool = false) {
        self.startingPoints = startingPoints
        self.bfgs = bfgs
        self.nelderMead = nelderMead
        self.tryAllStarts = tryAllStarts
    }

    /// Minimises `objective(parameters, &gradient)` (natural scale, gradient w.r.t. natural parameters).
    public func fit(_ objective: (_ parameters: [Double], _ gradient: inout [Double]) -> Double) -> FitReport {
        var attempts: [FitAttempt] = []
        var natural: [Double] = []
        var naturalGradient: [Double] = []
        // Objective in θ = log p with the chain rule ∂f/∂θᵢ = pᵢ ∂f/∂pᵢ.
        func logObjective(_ theta: [Double], _ gradient: inout [Double]) -> Double {
            let n = theta.count
            if natural.count != n {
                natural = [Double](repeating: 0, count: n)
                naturalGradient = [Double](repeating: 0, count: n)
            }
            for i in 0..<n { natural[i] = exp(theta[i]) }
            let value = objective(natural, &naturalGradient)
            for i in 0..<n { gradient[i] = naturalGradient[i] * natural[i] }
            return value
        }
        var dummy: [Double] = []
        func logValue(_ theta: [Double]) -> Double {
            if dummy.count != theta.count { dummy = [Double](repeating: 0, count: theta.count) }
            return logObjective(theta, &dummy)
        }

        for start in startingPoints {
            guard start.allSatisfy({ $0 > 0 && $0.isFinite }) else { continue }
            let theta0 = start.map { log($0) }
            let first = bfgs.minimize(from: theta0, objective: logObjective)
            attempts.append(FitAttempt(start: start, stage: "BFGS", result: first))
            var converged = first.converged
            if !converged {
                let simplexStart = first.value.isFinite ? first.parameters : theta0
                let simplex = nelderMead.minimize(from: simplexStart, objective: logValue)
                attempts.append(FitAttempt(start: start, stage: "Nelder-Mead fallback", result: simplex))
                let polish = bfgs.minimize(from: simplex.parameters, objective: logObjective)
                attempts.append(FitAttempt(start: start, stage: "BFGS polish", result: polish))
                converged = polish.converged
            }
            if converged && !tryAllStarts { break }
        }

        let convergedAttempts = attempts.filter { $0.result.converged && $0.result.value.isFinite }
        let pool = convergedAttempts.isEmpty ? attempts.filter { $0.result.value.isFinite } : convergedAttempts
        guard let best = pool.min(by: { $0.result.value < $1.result.value }) else {
            return FitReport(parameters: [], value: .nan, converged: false, attempts: attempts)
        }
        return FitReport(parameters: best.result.parameters.map { exp($0) }, value: best.result.value,
                         converged: best.result.converged, attempts: attempts)
    }
}
