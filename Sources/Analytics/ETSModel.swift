import Foundation

/// A fitted exponential smoothing state-space model (Hyndman, Koehler, Ord & Snyder 2008).
///
/// `fit(_:seasonPeriod:)` selects among `ETSSpec.candidates` by AICc (see `ETSModelSelector`);
/// `fit(_:seasonPeriod:spec:)` fits one specification by maximum likelihood (see `ETSFitter`).
/// Prediction intervals: for linear models (additive error, no multiplicative seasonality) the analytic
/// variance `σ²(1 + Σ_{j<h} c_j²)` with `c_j = α + β(φ + … + φ^j) + γ·[j mod m = 0]` (Hyndman et al. 2008
/// table 6.1, class 1; fpp3 §8.7) and normal quantiles; otherwise quantiles of seeded, deterministic
/// simulated sample paths. σ² = SSE/n (the maximum-likelihood estimate, statsmodels' `mse`); R's
/// `forecast::ets` uses SSE/(n − k) instead, which gives wider intervals on short series.
public struct ETSModel: ForecastingModel {
    /// The model form.
    public let spec: ETSSpec
    /// Seasonal period of the states (1 when non-seasonal).
    public let seasonPeriod: Int
    /// Fitted parameters and initial states.
    public let parameters: ETSParameters
    /// Number of observations.
    public let count: Int
    /// Gaussian log-likelihood (statsmodels' `llf` convention, constants included).
    public let logLikelihood: Double
    /// Sum of squared residuals (relative residuals for multiplicative errors).
    public let sumOfSquaredErrors: Double
    /// Innovation variance σ² = SSE/n.
    public let sigma2: Double
    /// k = free parameters + 1 (σ²), as R's `ets`: one seasonal state is fixed by normalisation.
    public let parameterCount: Int
    /// Akaike information criterion −2ℓ + 2k.
    public let aic: Double
    /// Small-sample AIC: AIC + 2k(k+1)/(n − k − 1); +∞ when n − k − 1 ≤ 0.
    public let aicc: Double
    /// Bayesian information criterion −2ℓ + k·log n.
    public let bic: Double
    /// True when the optimiser met its gradient tolerance (always true for `evaluate`).
    public let converged: Bool
    /// One-step fitted values ŷ_t.
    public let fitted: [Double]
    /// Residuals: y − ŷ (additive errors) or (y − ŷ)/ŷ (multiplicative errors).
    public let residuals: [Double]
    /// Level after the last observation.
    public let finalLevel: Double
    /// Trend after the last observation (0 without trend).
    public let finalTrend: Double
    /// Seasonal states for the next m periods, in forecast order (empty without seasonality).
    public let finalSeason: [Double]
    /// Number of simulated paths for simulation-based intervals.
    public var simulationPaths = 5000
    /// Seed of the simulation, so intervals are reproducible.
    public var simulationSeed: UInt64 = 0x5EED_0F_E75

    init(spec: ETSSpec, filter: ETSFilter, parameters: ETSParameters, criterion: Double, converged: Bool) {
        self.spec = spec
        seasonPeriod = filter.m
        self.parameters = parameters
        count = filter.n
        logLikelihood = filter.logLikelihood(criterion: criterion)
        sumOfSquaredErrors = filter.sse
        sigma2 = filter.sse / Double(filter.n)
        let k = spec.freeParameterCount(seasonPeriod: filter.m) + 1
        parameterCount = k
        let n = Double(filter.n)
        aic = -2 * logLikelihood + 2 * Double(k)
        aicc = filter.n - k - 1 > 0 ? aic + 2 * Double(k * (k + 1)) / (n - Double(k) - 1) : .infinity
        bic = -2 * logLikelihood + Double(k) * log(n)
        self.converged = converged
        fitted = filter.fitted
        residuals = filter.residuals
        let states = filter.finalStates
        finalLevel = states.level
        finalTrend = states.trend
        finalSeason = states.season
    }

    /// Fits every admissible candidate of `ETSSpec.candidates` and returns the one with the lowest AICc.
    public static func fit(_ series: [Double], seasonPeriod: Int) throws -> ETSModel {
        try ETSModelSelector().select(series, seasonPeriod: seasonPeriod).model
    }

    /// Checks that `spec` can be fitted to `series` (seasonal models need m > 1 and two full seasons;
    /// multiplicative components need strictly positive data).
    public static func validate(_ series: [Double], seasonPeriod: Int, spec: ETSSpec) throws {
        guard !series.isEmpty else { throw ForecastError.insufficientData(needed: 1, got: 0) }
        guard series.allSatisfy(\.isFinite) else { throw ForecastError.invalidInput("non-finite value in series") }
        if spec.hasSeason {
            guard seasonPeriod > 1 else { throw ForecastError.invalidInput("\(spec) needs a season period > 1") }
            guard series.count >= 2 * seasonPeriod else {
                throw ForecastError.insufficientData(needed: 2 * seasonPeriod, got: series.count)
            }
        }
        if spec.needsPositiveData && !series.allSatisfy({ $0 > 0 }) {
            throw ForecastError.invalidInput("\(spec) needs strictly positive data")
        }
    }

    /// Fits `spec` by maximum likelihood: BFGS with the analytic gradient from the `startCount` best points of a
    /// small deterministic grid of smoothing parameters (see `ETSFitter.startingPoints`); the lowest criterion wins.
    /// Convergence: ‖∇‖∞ ≤ `gradientTolerance`·max(1, |criterion|) on the free (unconstrained) variables.
    public static func fit(_ series: [Double], seasonPeriod: Int, spec: ETSSpec, startCount: Int = 2,
                           gradientTolerance: Double = 1e-7) throws -> ETSModel {
        try validate(series, seasonPeriod: seasonPeriod, spec: spec)
        var fitter = ETSFitter(spec: spec, series: series, seasonPeriod: seasonPeriod)
        guard series.count > fitter.freeCount else {
            throw ForecastError.insufficientData(needed: fitter.freeCount + 1, got: series.count)
        }
        let bfgs = BFGSMinimizer(gradientTolerance: gradientTolerance, maxIterations: 400)
        var best: OptimizationResult?
        for u0 in fitter.startingPoints(count: startCount) {
            let result = bfgs.minimize(from: u0) { u, g in fitter.objective(u, &g) }
            guard result.value.isFinite else { continue }
            if best.map({ result.value < $0.value }) ?? true { best = result }
        }
        guard let chosen = best else { throw ForecastError.noAdmissibleModel }
        let parameters = fitter.parameters(chosen.parameters)
        let criterion = fitter.filter.run(fitter.filter.fullVector(parameters))
        return ETSModel(spec: spec, filter: fitter.filter, parameters: parameters, criterion: criterion,
                        converged: chosen.converged)
    }

    /// Evaluates the model at given parameters without optimising (e.g. to check another package's fit).
    public static func evaluate(_ series: [Double], seasonPeriod: Int, spec: ETSSpec,
                                parameters: ETSParameters) throws -> ETSModel {
        try validate(series, seasonPeriod: seasonPeriod, spec: spec)
        var filter = ETSFilter(spec: spec, series: series, seasonPeriod: seasonPeriod)
        if spec.hasSeason && parameters.initialSeasonal.count != filter.m {
            throw ForecastError.invalidInput("need \(filter.m) initial seasonal states")
        }
        let criterion = filter.run(filter.fullVector(parameters))
        guard criterion.isFinite else { throw ForecastError.invalidInput("parameters are not admissible for \(spec)") }
        return ETSModel(spec: spec, filter: filter, parameters: parameters, criterion: criterion, converged: true)
    }

    /// Point forecasts ŷ_{n+h|n} (the conditional mean for linear models; the "point forecast" recursion
    /// with zero errors otherwise, as in R and statsmodels).
    public func pointForecast(horizon: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(max(horizon, 0))
        var phiSum = 0.0
        var phiPower = 1.0
        for h in stride(from: 1, through: horizon, by: 1) {
            if spec.hasTrend {
                phiPower *= parameters.phi
                phiSum += spec.isDamped ? phiPower : 1
            }
            let q = finalLevel + phiSum * finalTrend
            switch spec.season {
            case .none: out.append(q)
            case .additive: out.append(q + finalSeason[(h - 1) % seasonPeriod])
            case .multiplicative: out.append(q * finalSeason[(h - 1) % seasonPeriod])
            }
        }
        return out
    }

    /// Analytic h-step forecast variances for linear models; nil for the others.
    public func forecastVariance(horizon: Int) -> [Double]? {
        guard spec.isLinear else { return nil }
        var out: [Double] = []
        var sumSquares = 0.0
        var phiSum = 0.0
        var phiPower = 1.0
        for h in stride(from: 1, through: horizon, by: 1) {
            out.append(sigma2 * (1 + sumSquares))
            // c_h for the next horizon: α + β·(φ + … + φ^h) + γ·[h mod m = 0].
            let j = h
            if spec.hasTrend {
                phiPower *= spec.isDamped ? parameters.phi : 1
                phiSum += phiPower
            }
            var c = parameters.alpha
            if spec.hasTrend { c += parameters.beta * phiSum }
            if spec.hasSeason && j % seasonPeriod == 0 { c += parameters.gamma }
            sumSquares += c * c
        }
        return out
    }

    /// Forecasts with 80% and 95% intervals (analytic for linear models, simulated otherwise).
    public func forecast(horizon: Int) -> ForecastResult {
        let point = pointForecast(horizon: horizon)
        if let variance = forecastVariance(horizon: horizon) {
            return ForecastResult(point: point, standardDeviation: variance.map { $0.squareRoot() },
                                  z80: NormalDistribution.quantile(0.9), z95: NormalDistribution.quantile(0.975))
        }
        let quantiles = ETSSimulator(model: self).quantiles([0.025, 0.1, 0.9, 0.975], horizon: horizon)
        return ForecastResult(point: point, lower80: quantiles[1], upper80: quantiles[2],
                              lower95: quantiles[0], upper95: quantiles[3])
    }
}
