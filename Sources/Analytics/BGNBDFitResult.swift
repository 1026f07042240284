/// A fitted BG/NBD model with its log-likelihood, optimiser report and parameter covariance.
public struct BGNBDFitResult: Sendable {
    /// The fitted model.
    public var model: BGNBDModel
    /// Maximised log-likelihood (sum over customers).
    public var logLikelihood: Double
    /// Every optimiser attempt made.
    public var report: FitReport
    /// Asymptotic covariance of (r, α, a, b); nil when the Hessian was not positive definite.
    public var covariance: ParameterCovariance?

    /// Creates a fit result.
    public init(model: BGNBDModel, logLikelihood: Double, report: FitReport, covariance: ParameterCovariance?) {
        self.model = model
        self.logLikelihood = logLikelihood
        self.report = report
        self.covariance = covariance
    }

    /// Delta-method interval for E[Y(t) | x, t_x, T] (default 80%); nil without a covariance.
    public func conditionalExpectedPurchasesInterval(_ t: Double, frequency x: Int, recency tx: Double, age: Double,
                                                     level: Double = 0.8) -> ConfidenceInterval? {
        guard let covariance else { return nil }
        return DeltaMethod.interval(at: model.parameters.values, covariance: covariance.matrix, level: level) { v in
            guard let p = BGNBDParameters(v) else { return .nan }
            return BGNBDModel(parameters: p).conditionalExpectedPurchases(t, frequency: x, recency: tx, age: age)
        }
    }

    /// Delta-method interval for P(alive | x, t_x, T) (default 80%); nil without a covariance.
    public func probabilityAliveInterval(frequency x: Int, recency tx: Double, age: Double,
                                         level: Double = 0.8) -> ConfidenceInterval? {
        guard let covariance else { return nil }
        return DeltaMethod.interval(at: model.parameters.values, covariance: covariance.matrix, level: level) { v in
            guard let p = BGNBDParameters(v) else { return .nan }
            return BGNBDModel(parameters: p).probabilityAlive(frequency: x, recency: tx, age: age)
        }
    }
}
