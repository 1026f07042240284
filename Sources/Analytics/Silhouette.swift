/// Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distance; O(n²).
public enum Silhouette {
    /// Mean over points of (b − a)/max(a, b); points in singleton clusters score 0.
    /// Returns NaN when fewer than 2 clusters are present.
    public static func score(_ points: [[Double]], assignments: [Int]) -> Double {
        let n = points.count
        guard n == assignments.count, n > 1 else { return .nan }
        let k = (assignments.max() ?? 0) + 1
        var sizes = [Int](repeating: 0, count: k)
        for c in assignments { sizes[c] += 1 }
        guard sizes.filter({ $0 > 0 }).count >= 2 else { return .nan }
        var total = 0.0
        var sums = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for c in 0..<k { sums[c] = 0 }
            for j in 0..<n where j != i {
                sums[assignments[j]] += KMeans.squaredDistance(points[i], points[j]).squareRoot()
            }
            let own = assignments[i]
            guard sizes[own] > 1 else { continue }
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0..<k where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
            let denominator = max(a, b)
            total += denominator > 0 ? (b - a) / denominator : 0
        }
        return total / Double(n)
    }
}
