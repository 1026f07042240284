import Foundation
import Testing
@testable import Analytics

/// Rosenbrock function and gradient; minimum 0 at (1, …, 1).
private func rosenbrock(_ x: [Double], _ g: inout [Double]) -> Double {
    var f = 0.0
    for i in 0..<x.count { g[i] = 0 }
    for i in 0..<(x.count - 1) {
        let a = 1 - x[i]
        let b = x[i + 1] - x[i] * x[i]
        f += a * a + 100 * b * b
        g[i] += -2 * a - 400 * x[i] * b
        g[i + 1] += 200 * b
    }
    return f
}

@Suite("Optimiser")
struct OptimizerTests {
    @Test("BFGS minimises the 2-D Rosenbrock function from (-1.2, 1)")
    func bfgsRosenbrock2D() {
        let result = BFGSMinimizer().minimize(from: [-1.2, 1], objective: rosenbrock)
        #expect(result.converged)
        #expect(abs(result.parameters[0] - 1) < 1e-6)
        #expect(abs(result.parameters[1] - 1) < 1e-6)
        #expect(result.value < 1e-12)
        #expect(result.iterations < 200)
    }

    @Test("BFGS minimises the 6-D extended Rosenbrock function")
    func bfgsRosenbrock6D() {
        let result = BFGSMinimizer().minimize(from: [-1.2, 1, -1.2, 1, -1.2, 1], objective: rosenbrock)
        #expect(result.converged)
        for v in result.parameters { #expect(abs(v - 1) < 1e-5) }
    }

    @Test("Nelder-Mead minimises the 2-D Rosenbrock function")
    func nelderMeadRosenbrock() {
        var g = [0.0, 0.0]
        let result = NelderMeadMinimizer().minimize(from: [-1.2, 1]) { rosenbrock($0, &g) }
        #expect(result.converged)
        #expect(abs(result.parameters[0] - 1) < 1e-4)
        #expect(abs(result.parameters[1] - 1) < 1e-4)
    }

    @Test("BFGS with too few iterations reports non-convergence instead of pretending")
    func bfgsReportsNonConvergence() {
        let result = BFGSMinimizer(maxIterations: 3).minimize(from: [-1.2, 1], objective: rosenbrock)
        #expect(!result.converged)
        #expect(result.iterations == 3)
    }

    @Test("Fitter moves on to the next start after a failed one and reports every attempt")
    func fitterRetries() {
        // Positive-domain Rosenbrock, undefined (NaN) when p1 > 50: the first start cannot even be evaluated,
        // and with a zero-iteration simplex the fallback cannot rescue it.
        let fitter = PositiveParameterFitter(startingPoints: [[1, 100], [0.5, 2]],
                                             nelderMead: NelderMeadMinimizer(maxIterations: 0))
        let report = fitter.fit { p, g in
            p[1] > 50 ? .nan : rosenbrock(p, &g)
        }
        #expect(report.converged)
        #expect(report.attempts.count == 4)
        #expect(report.attempts.prefix(3).allSatisfy { !$0.result.converged })
        #expect(report.attempts.map(\.stage) == ["BFGS", "Nelder-Mead fallback", "BFGS polish", "BFGS"])
        #expect(report.attempts[3].start == [0.5, 2])
        #expect(abs(report.parameters[0] - 1) < 1e-5 && abs(report.parameters[1] - 1) < 1e-5)
    }

    @Test("Nelder-Mead fallback escapes a start where the objective is undefined")
    func fitterEscapesUndefinedStart() {
        let fitter = PositiveParameterFitter(startingPoints: [[1, 100]])
        let report = fitter.fit { p, g in
            p[1] > 50 ? .nan : rosenbrock(p, &g)
        }
        #expect(report.attempts.map(\.stage) == ["BFGS", "Nelder-Mead fallback", "BFGS polish"])
        #expect(report.attempts[0].result.message == "objective not finite at start")
        #expect(report.converged)
        #expect(abs(report.parameters[0] - 1) < 1e-5 && abs(report.parameters[1] - 1) < 1e-5)
    }

    @Test("Fitter falls back to Nelder-Mead and a BFGS polish when BFGS stalls")
    func fitterFallback() {
        let fitter = PositiveParameterFitter(startingPoints: [[0.3, 3]], bfgs: BFGSMinimizer(maxIterations: 4))
        // The polish uses the same 4-iteration BFGS; from the simplex optimum it converges quickly.
        let report = fitter.fit(rosenbrock)
        #expect(report.attempts.count == 3)
        #expect(report.attempts[0].stage == "BFGS" && !report.attempts[0].result.converged)
        #expect(report.attempts[1].stage == "Nelder-Mead fallback")
        #expect(report.converged == report.attempts[2].result.converged)
        #expect(abs(report.parameters[0] - 1) < 1e-4)
    }

    @Test("A fit that never converges throws with the attempts attached")
    func nonConvergedFitThrows() throws {
        let data = try BGNBDData(frequency: [0, 1, 2, 5], recency: [0, 3, 10, 20], age: [30, 30, 30, 30])
        let hopeless = PositiveParameterFitter(startingPoints: [[1, 1, 1, 1], [2, 2, 2, 2]],
                                               bfgs: BFGSMinimizer(maxIterations: 1),
                                               nelderMead: NelderMeadMinimizer(maxIterations: 3))
        do {
            _ = try BGNBDModel.fit(data, fitter: hopeless)
            Issue.record("expected didNotConverge")
        } catch {
            guard case FitError.didNotConverge(let report) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(!report.converged)
            #expect(report.attempts.count == 6)
        }
    }
}
