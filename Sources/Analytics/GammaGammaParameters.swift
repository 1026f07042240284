/// Gamma-Gamma spend parameters: transaction values ~ Gamma(p, ν), ν ~ Gamma(q, γ).
public struct GammaGammaParameters: Sendable, Hashable, Codable {
    /// Shape of the per-transaction spend distribution.
    public var p: Double
    /// Shape of the mixing distribution of ν.
    public var q: Double
    /// Scale of the mixing distribution of ν (same currency units as spend).
    public var gamma: Double

    /// Creates a parameter set.
    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// Creates a parameter set from `[p, q, γ]`; nil when the array does not have 3 elements.
    public init?(_ values: [Double]) {
        guard values.count == 3 else { return nil }
        self.init(p: values[0], q: values[1], gamma: values[2])
    }

    /// `[p, q, γ]`.
    public var values: [Double] { [p, q, gamma] }

    /// Names in the order of `values`.
    public static let names = ["p", "q", "gamma"]
}
