/// Outcome of one run of a minimiser.
public struct OptimizationResult: Sendable, Equatable {
    /// Which algorithm produced a result.
    public enum Method: String, Sendable, Codable {
        case bfgs = "BFGS"
        case nelderMead = "Nelder-Mead"
    }

    /// Final point (in the space the minimiser worked in).
    public var parameters: [Double]
    /// Objective value at `parameters`.
    public var value: Double
    /// Number of iterations performed.
    public var iterations: Int
    /// Number of objective evaluations.
    public var evaluations: Int
    /// True only when the method's convergence test was met.
    public var converged: Bool
    /// Infinity norm of the gradient at the end (NaN for Nelder–Mead).
    public var gradientNorm: Double
    /// Algorithm used.
    public var method: Method
    /// Human-readable reason for stopping.
    public var message: String

    /// Creates a result.
    public init(parameters: [Double], value: Double, iterations: Int, evaluations: Int, converged: Bool,
                gradientNorm: Double, method: Method, message: String) {
        self.parameters = parameters
        self.value = value
        self.iterations = iterations
        self.evaluations = evaluations
        self.converged = converged
        self.gradientNorm = gradientNorm
        self.method = method
        self.message = message
    }
}
