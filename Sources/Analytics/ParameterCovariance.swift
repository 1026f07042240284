/// Asymptotic covariance of ML estimates: inverse of the Hessian of the negative log-likelihood.
///
/// The models pass their analytic Hessian (BG/NBD, Gamma-Gamma); otherwise, or when that is not finite,
/// the Hessian is obtained by central differences of the analytic gradient (step 1e−5·max(|θᵢ|, 1e−3))
/// and symmetrised before inversion.
public struct ParameterCovariance: Sendable, Equatable {
    /// Parameter names, in matrix order.
    public var names: [String]
    /// Point at which the Hessian was evaluated (the MLE).
    public var estimate: [Double]
    /// Hessian of the negative log-likelihood (observed information).
    public var hessian: [[Double]]
    /// Covariance matrix = hessian⁻¹.
    public var matrix: [[Double]]

    /// Square roots of the covariance diagonal.
    public var standardErrors: [Double] { (0..<matrix.count).map { matrix[$0][$0].squareRoot() } }

    /// Builds the covariance from a Hessian; nil when it is not positive definite.
    public init?(names: [String], estimate: [Double], hessian: [[Double]]) {
        guard let inverse = LinearAlgebra.inverseSPD(hessian) else { return nil }
        self.names = names
        self.estimate = estimate
        self.hessian = hessian
        self.matrix = inverse
    }

    /// Numerically differentiates `gradient` (objective with analytic gradient) at `point`.
    public init?(at point: [Double], names: [String],
                 objective: (_ parameters: [Double], _ gradient: inout [Double]) -> Double) {
        let hessian = Self.numericalHessian(at: point, objective: objective)
        self.init(names: names, estimate: point, hessian: hessian)
    }

    /// Uses `analyticHessian` when it is given, square and finite; otherwise differentiates `objective` numerically.
    init?(at point: [Double], names: [String], analyticHessian: [[Double]]?,
          objective: (_ parameters: [Double], _ gradient: inout [Double]) -> Double) {
        if let h = analyticHessian, h.count == point.count,
           h.allSatisfy({ $0.count == point.count && $0.allSatisfy(\.isFinite) }) {
            self.init(names: names, estimate: point, hessian: h)
        } else {
            self.init(at: point, names: names, objective: objective)
        }
    }

    /// Central-difference Hessian from an analytic gradient, symmetrised.
    public static func numericalHessian(at point: [Double],
                                        objective: (_ parameters: [Double], _ gradient: inout [Double]) -> Double) -> [[Double]] {
        let n = point.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var gPlus = [Double](repeating: 0, count: n)
        var gMinus = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let step = 1e-5 * max(abs(point[j]), 1e-3)
            var plus = point
            var minus = point
            plus[j] += step
            minus[j] -= step
            _ = objective(plus, &gPlus)
            _ = objective(minus, &gMinus)
            for i in 0..<n { h[i][j] = (gPlus[i] - gMinus[i]) / (2 * step) }
        }
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                let mean = 0.5 * (h[i][j] + h[j][i])
                h[i][j] = mean
                h[j][i] = mean
            }
        }
        return h
    }
}
