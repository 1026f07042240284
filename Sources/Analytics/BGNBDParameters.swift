/// BG/NBD parameters: Gamma(r, α) purchase rates and Beta(a, b) dropout probabilities.
public struct BGNBDParameters: Sendable, Hashable, Codable {
    /// Shape of the Gamma mixing distribution of purchase rates.
    public var r: Double
    /// Scale (rate) of the Gamma mixing distribution, in model time units.
    public var alpha: Double
    /// First Beta shape of the dropout probability.
    public var a: Double
    /// Second Beta shape of the dropout probability.
    public var b: Double

    /// Creates a parameter set.
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// Creates a parameter set from `[r, α, a, b]`; nil when the array does not have 4 elements.
    public init?(_ values: [Double]) {
        guard values.count == 4 else { return nil }
        self.init(r: values[0], alpha: values[1], a: values[2], b: values[3])
    }

    /// `[r, α, a, b]`.
    public var values: [Double] { [r, alpha, a, b] }

    /// Names in the order of `values`.
    public static let names = ["r", "alpha", "a", "b"]
}
