/// A fitted Gamma-Gamma model with its log-likelihood, optimiser report and parameter covariance.
public struct GammaGammaFitResult: Sendable {
    /// The fitted model.
    public var model: GammaGammaModel
    /// Maximised log-likelihood.
    public var logLikelihood: Double
    /// Every optimiser attempt made.
    public var report: FitReport
    /// Asymptotic covariance of (p, q, γ); nil when the Hessian was not positive definite.
    public var covariance: ParameterCovariance?

    /// Creates a fit result.
    public init(model: GammaGammaModel, logLikelihood: Double, report: FitReport, covariance: ParameterCovariance?) {
        self.model = model
        self.logLikelihood = logLikelihood
        self.report = report
        self.covariance = covariance
    }

    /// Delta-method interval (default 80%) for the conditional expected average spend of one customer.
    public func conditionalExpectedAverageSpendInterval(frequency x: Int, averageSpend m: Double,
                                                        level: Double = 0.8) -> ConfidenceInterval? {
        guard let covariance else { return nil }
        return DeltaMethod.interval(at: model.parameters.values, covariance: covariance.matrix, level: level) { v in
            guard let p = GammaGammaParameters(v) else { return .nan }
            return GammaGammaModel(parameters: p).conditionalExpectedAverageSpend(frequency: x, averageSpend: m)
        }
    }
}
