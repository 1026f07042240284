/// Result of a multi-start fit: the chosen parameters plus every attempt that was made.
public struct FitReport: Sendable, Equatable {
    /// Chosen parameters on the natural scale (best converged attempt, else best attempt overall).
    public var parameters: [Double]
    /// Objective value (e.g. negative log-likelihood) at `parameters`.
    public var value: Double
    /// True only when the chosen attempt met its convergence test.
    public var converged: Bool
    /// All optimiser runs, in the order they were made.
    public var attempts: [FitAttempt]

    /// Creates a report.
    public init(parameters: [Double], value: Double, converged: Bool, attempts: [FitAttempt]) {
        self.parameters = parameters
        self.value = value
        self.converged = converged
        self.attempts = attempts
    }

    /// Multi-line description of every attempt, suitable for logs.
    public var summary: String {
        var lines = ["converged: \(converged), value: \(value), parameters: \(parameters)"]
        for (i, a) in attempts.enumerated() {
            lines.append("  #\(i + 1) \(a.stage) from \(a.start): converged=\(a.result.converged) "
                + "value=\(a.result.value) iterations=\(a.result.iterations) (\(a.result.message))")
        }
        return lines.joined(separator: "\n")
    }
}
