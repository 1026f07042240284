/// Errors raised by model fitting.
public enum FitError: Error, Sendable, CustomStringConvertible {
    /// No attempt converged; the report lists every attempt.
    case didNotConverge(FitReport)
    /// The input data cannot be fitted (empty, non-positive values, …).
    case invalidData(String)
    /// The Hessian at the optimum is not positive definite, so no covariance is available.
    case singularHessian

    /// Readable description.
    public var description: String {
        switch self {
        case .didNotConverge(let report): return "fit did not converge:\n\(report.summary)"
        case .invalidData(let why): return "invalid data: \(why)"
        case .singularHessian: return "Hessian is not positive definite at the optimum"
        }
    }
}
