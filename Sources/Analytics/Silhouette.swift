/// Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distance; O(n²).
public enum Silhouette {
    /// Mean over points of (b − a)/max(a, b); points in singleton clusters score 0.
    /// Returns NaN when fewer than 2 clusters are present.
    public static func score(_ points: [[Double]], assignments: [Int]) -> Double {
        scores(points, labelings: [assignments])[0]
    }

    /// The mean silhouette of several labelings of the same points (one per candidate k), from one
    /// pass over the point pairs: each distance is computed once and added to both points' per-cluster
    /// sums under every labeling. Choosing k among 7 candidates costs one O(n²/2) distance pass
    /// instead of seven O(n²) ones.
    public static func scores(_ points: [[Double]], labelings: [[Int]]) -> [Double] {
        let n = points.count
        guard n > 1, let d = points.first?.count, points.allSatisfy({ $0.count == d }) else {
            return labelings.map { _ in .nan }
        }
        // Flat row-major coordinates, and per labeling an n × k block of distance sums.
        let flat = points.flatMap { $0 }
        var valid: [Bool] = []
        var clusterCount: [Int] = []
        var offset: [Int] = []  // where labeling l's n × k block starts in `sums`
        var total = 0
        for labels in labelings {
            let k = (labels.max() ?? 0) + 1
            valid.append(labels.count == n && (labels.min() ?? 0) >= 0 && Set(labels).count >= 2)
            clusterCount.append(k)
            offset.append(total)
            total += n * k
        }
        var sums = [Double](repeating: 0, count: total)
        let labels = labelings.map { $0.count == n ? $0 : [Int](repeating: 0, count: n) }
        let m = labelings.count
        flat.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for i in 0..<n {
                    let xi = i * d
                    for j in (i + 1)..<n {
                        let xj = j * d
                        var squared = 0.0
                        for t in 0..<d {
                            let diff = x[xi + t] - x[xj + t]
                            squared += diff * diff
                        }
                        let distance = squared.squareRoot()
                        for l in 0..<m {
                            let k = clusterCount[l], base = offset[l]
                            s[base + i * k + labels[l][j]] += distance
                            s[base + j * k + labels[l][i]] += distance
                        }
                    }
                }
            }
        }
        return (0..<m).map { l in
            guard valid[l] else { return .nan }
            let k = clusterCount[l], base = offset[l], own = labels[l]
            var sizes = [Int](repeating: 0, count: k)
            for c in own { sizes[c] += 1 }
            var sum = 0.0
            for i in 0..<n where sizes[own[i]] > 1 {
                let a = sums[base + i * k + own[i]] / Double(sizes[own[i]] - 1)
                var b = Double.infinity
                for c in 0..<k where c != own[i] && sizes[c] > 0 { b = min(b, sums[base + i * k + c] / Double(sizes[c])) }
                let denominator = max(a, b)
                sum += denominator > 0 ? (b - a) / denominator : 0
            }
            return sum / Double(n)
        }
    }
}
