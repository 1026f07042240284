/// Delta-method intervals for smooth functions of estimated parameters.
public enum DeltaMethod {
    /// Interval g(θ̂) ± z_{(1+level)/2} · sqrt(∇gᵀ Σ ∇g), with ∇g by central differences
    /// (step 1e−6·max(|θᵢ|, 1e−3)). Returns nil when g or its gradient is not finite.
    public static func interval(at estimate: [Double], covariance: [[Double]], level: Double = 0.8,
                                function g: (_ parameters: [Double]) -> Double) -> ConfidenceInterval? {
        let value = g(estimate)
        guard value.isFinite, level > 0, level < 1, covariance.count == estimate.count,
              let gradient = gradient(at: estimate, function: g)
        else { return nil }
        return interval(value: value, gradient: gradient, covariance: covariance, level: level)
    }

    /// ∇g at `estimate` by central differences (step 1e−6·max(|θᵢ|, 1e−3)); nil when a component is
    /// not finite.
    public static func gradient(at estimate: [Double], function g: (_ parameters: [Double]) -> Double) -> [Double]? {
        var gradient = [Double](repeating: 0, count: estimate.count)
        for j in estimate.indices {
            let step = 1e-6 * max(abs(estimate[j]), 1e-3)
            var plus = estimate
            var minus = estimate
            plus[j] += step
            minus[j] -= step
            gradient[j] = (g(plus) - g(minus)) / (2 * step)
            guard gradient[j].isFinite else { return nil }
        }
        return gradient
    }

    /// Interval value ± z_{(1+level)/2} · sqrt(gradientᵀ Σ gradient) for a value and its gradient
    /// known otherwise; nil when the variance is negative or the inputs do not fit.
    public static func interval(value: Double, gradient: [Double], covariance: [[Double]],
                                level: Double = 0.8) -> ConfidenceInterval? {
        guard value.isFinite, level > 0, level < 1, covariance.count == gradient.count else { return nil }
        let variance = LinearAlgebra.quadraticForm(gradient, covariance)
        guard variance >= 0 else { return nil }
        let se = variance.squareRoot()
        let z = NormalDistribution.quantile((1 + level) / 2)
        return ConfidenceInterval(estimate: value, standardError: se, lower: value - z * se, upper: value + z * se,
                                  level: level)
    }
}
