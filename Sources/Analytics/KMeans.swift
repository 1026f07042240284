/// k-means with k-means++ seeding (Arthur & Vassilvitskii 2007), Lloyd iterations and seeded restarts.
///
/// Deterministic for a given seed (SplitMix64). Points are used as given — standardise first with
/// `Standardizer` (or use `KSelection`, which does). An emptied cluster is re-seeded with the point
/// farthest from its centre.
public struct KMeans: Sendable {
    /// Number of clusters.
    public var k: Int
    /// Number of k-means++ restarts; the lowest inertia wins.
    public var restarts: Int
    /// Lloyd iteration cap per restart.
    public var maxIterations: Int
    /// RNG seed.
    public var seed: UInt64

    /// Creates a configuration.
    public init(k: Int, restarts: Int = 10, maxIterations: Int = 300, seed: UInt64 = 42) {
        self.k = k
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.seed = seed
    }

    /// Clusters the points; nil when k < 1, k > number of points, or rows differ in length.
    public func fit(_ points: [[Double]]) -> KMeansResult? {
        let n = points.count
        guard k >= 1, k <= n, let d = points.first?.count, points.allSatisfy({ $0.count == d }) else { return nil }
        var rng = SplitMix64(seed: seed)
        var best: KMeansResult?
        for _ in 0..<max(restarts, 1) {
            let result = lloyd(points, initial: seedCentroids(points, rng: &rng), dimension: d)
            if best.map({ result.inertia < $0.inertia }) ?? true { best = result }
        }
        return best
    }

    /// k-means++ seeding: first centre uniform, then proportional to squared distance to the nearest centre.
    func seedCentroids(_ points: [[Double]], rng: inout SplitMix64) -> [[Double]] {
        let n = points.count
        var centroids = [points[Int(rng.next() % UInt64(n))]]
        var nearest = points.map { Self.squaredDistance($0, centroids[0]) }
        while centroids.count < k {
            let total = nearest.reduce(0, +)
            var chosen = n - 1
            if total > 0 {
                let target = rng.nextUnit() * total
                var acc = 0.0
                for i in 0..<n {
                    acc += nearest[i]
                    if acc > target {
                        chosen = i
                        break
                    }
                }
            } else {
                chosen = Int(rng.next() % UInt64(n))
            }
            centroids.append(points[chosen])
            for i in 0..<n { nearest[i] = min(nearest[i], Self.squaredDistance(points[i], points[chosen])) }
        }
        return centroids
    }

    func lloyd(_ points: [[Double]], initial: [[Double]], dimension d: Int) -> KMeansResult {
        let n = points.count
        var centroids = initial
        var assignments = [Int](repeating: -1, count: n)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            var changed = false
            for i in 0..<n {
                var bestCluster = 0
                var bestDistance = Double.infinity
                for c in 0..<k {
                    let dist = Self.squaredDistance(points[i], centroids[c])
                    if dist < bestDistance {
                        bestDistance = dist
                        bestCluster = c
                    }
                }
                if assignments[i] != bestCluster {
                    assignments[i] = bestCluster
                    changed = true
                }
            }
            if !changed {
                converged = true
                break
            }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[assignments[i]] += 1
                for j in 0..<d { sums[assignments[i]][j] += points[i][j] }
            }
            for c in 0..<k {
                if counts[c] > 0 {
                    centroids[c] = sums[c].map { $0 / Double(counts[c]) }
                } else {
                    // Re-seed an empty cluster with the point farthest from its current centre.
                    var far = 0
                    var farDistance = -1.0
                    for i in 0..<n {
                        let dist = Self.squaredDistance(points[i], centroids[assignments[i]])
                        if dist > farDistance {
                            farDistance = dist
                            far = i
                        }
                    }
                    centroids[c] = points[far]
                    assignments[far] = c
                }
            }
        }
        var inertia = 0.0
        for i in 0..<n { inertia += Self.squaredDistance(points[i], centroids[assignments[i]]) }
        return KMeansResult(centroids: centroids, assignments: assignments, inertia: inertia, iterations: iterations,
                            converged: converged)
    }

    @inline(__always)
    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for j in 0..<a.count {
            let diff = a[j] - b[j]
            s += diff * diff
        }
        return s
    }
}
