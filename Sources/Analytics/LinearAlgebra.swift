/// Small dense linear-algebra helpers for covariance matrices (row-major `[[Double]]`).
public enum LinearAlgebra {
    /// Cholesky factor L (lower triangular, A = L Lᵀ); nil when A is not symmetric positive definite.
    public static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        guard a.allSatisfy({ $0.count == n }) else { return nil }
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var diagonal = a[j][j]
            for k in 0..<j { diagonal -= l[j][k] * l[j][k] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let ljj = diagonal.squareRoot()
            l[j][j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / ljj
            }
        }
        return l
    }

    /// Inverse of a symmetric positive-definite matrix via Cholesky; nil when not SPD.
    public static func inverseSPD(_ a: [[Double]]) -> [[Double]]? {
        guard let l = cholesky(a) else { return nil }
        let n = a.count
        // Solve L Lᵀ X = I column by column.
        var inverse = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for col in 0..<n {
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = i == col ? 1.0 : 0.0
                for k in 0..<i { s -= l[i][k] * y[k] }
                y[i] = s / l[i][i]
            }
            var x = [Double](repeating: 0, count: n)
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<max(n, i + 1) { s -= l[k][i] * x[k] }
                x[i] = s / l[i][i]
            }
            for i in 0..<n { inverse[i][col] = x[i] }
        }
        return inverse
    }

    /// Quadratic form vᵀ A v.
    public static func quadraticForm(_ v: [Double], _ a: [[Double]]) -> Double {
        var total = 0.0
        for i in 0..<v.count {
            for j in 0..<v.count { total += v[i] * a[i][j] * v[j] }
        }
        return total
    }
}
