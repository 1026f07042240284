import Foundation

/// Seeded, deterministic sample-path simulation of a fitted ETS model for prediction intervals.
///
/// Each path starts from the final states, draws ε ~ N(0, σ²) (Box–Muller over `SplitMix64`), forms
/// y = μ + ε (additive errors) or y = μ(1 + ε) (multiplicative errors) and updates the states with the same
/// recursions as the fit. Quantiles use linear interpolation between order statistics (numpy's default).
struct ETSSimulator {
    let model: ETSModel

    /// Simulated values, laid out `[step * paths + path]`.
    func simulate(horizon: Int) -> [Double] {
        let paths = max(model.simulationPaths, 1)
        guard horizon > 0 else { return [] }
        let spec = model.spec
        let p = model.parameters
        let m = max(model.seasonPeriod, 1)
        let phi = spec.isDamped ? p.phi : 1
        let sigma = model.sigma2.squareRoot()
        var rng = SplitMix64(seed: model.simulationSeed)
        var spare: Double?
        func normal() -> Double {
            if let z = spare {
                spare = nil
                return z
            }
            let u1 = 1 - rng.nextUnit()
            let u2 = rng.nextUnit()
            let r = (-2 * log(u1)).squareRoot()
            spare = r * sin(2 * Double.pi * u2)
            return r * cos(2 * Double.pi * u2)
        }
        var out = [Double](repeating: 0, count: horizon * paths)
        var season = [Double](repeating: 0, count: m)
        for path in 0..<paths {
            var l = model.finalLevel
            var b = model.finalTrend
            if spec.hasSeason { for j in 0..<m { season[j] = model.finalSeason[j] } }
            for step in 0..<horizon {
                let phib = spec.hasTrend ? phi * b : 0
                let q = l + phib
                let idx = step % m
                let s = spec.hasSeason ? season[idx] : 0
                var mu = q
                switch spec.season {
                case .none: break
                case .additive: mu = q + s
                case .multiplicative: mu = q * s
                }
                let eps = sigma * normal()
                var yv = spec.error == .multiplicative ? mu * (1 + eps) : mu + eps
                if !yv.isFinite { yv = mu }
                out[step * paths + path] = yv
                var pp = yv
                var tt = 0.0
                switch spec.season {
                case .none: break
                case .additive:
                    pp = yv - s
                    tt = yv - q
                case .multiplicative:
                    pp = s != 0 ? yv / s : q
                    tt = q != 0 ? yv / q : s
                }
                let pq = pp - q
                l = q + p.alpha * pq
                b = spec.hasTrend ? phib + p.beta * pq : 0
                if spec.hasSeason { season[idx] = s + p.gamma * (tt - s) }
            }
        }
        return out
    }

    /// For each probability, the per-horizon quantiles of the simulated paths.
    func quantiles(_ probabilities: [Double], horizon: Int) -> [[Double]] {
        let paths = max(model.simulationPaths, 1)
        let values = simulate(horizon: horizon)
        var result = probabilities.map { _ in [Double](repeating: 0, count: horizon) }
        for step in 0..<horizon {
            let sorted = values[(step * paths)..<((step + 1) * paths)].sorted()
            for (i, prob) in probabilities.enumerated() {
                let position = prob * Double(paths - 1)
                let lower = Int(position.rounded(.down))
                let upper = min(lower + 1, paths - 1)
                let fraction = position - Double(lower)
                result[i][step] = sorted[lower] + fraction * (sorted[upper] - sorted[lower])
            }
        }
        return result
    }
}
