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

    /// Lloyd iterations from `initial` centroids. Runs on flat row-major copies of the points and
    /// centroids (nested arrays cost a bounds check and an indirection per coordinate); the arithmetic
    /// and its order are those of `squaredDistance`, so results do not depend on the layout.
    func lloyd(_ points: [[Double]], initial: [[Double]], dimension d: Int) -> KMeansResult {
        let n = points.count
        let x = points.flatMap { $0 }
        var centroids = initial.flatMap { $0 }
        var assignments = [Int](repeating: -1, count: n)
        var iterations = 0
        var converged = false
        @inline(__always) func distance(_ p: UnsafeBufferPointer<Double>, _ i: Int, _ c: UnsafeBufferPointer<Double>, _ j: Int) -> Double {
            var s = 0.0
            for t in 0..<d {
                let diff = p[i * d + t] - c[j * d + t]
                s += diff * diff
            }
            return s
        }
        x.withUnsafeBufferPointer { x in
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            while iterations < maxIterations {
                iterations += 1
                var changed = false
                centroids.withUnsafeBufferPointer { c in
                    for i in 0..<n {
                        var bestCluster = 0
                        var bestDistance = Double.infinity
                        for j in 0..<k {
                            let dist = distance(x, i, c, j)
                            if dist < bestDistance {
                                bestDistance = dist
                                bestCluster = j
                            }
                        }
                        if assignments[i] != bestCluster {
                            assignments[i] = bestCluster
                            changed = true
                        }
                    }
                }
                if !changed {
                    converged = true
                    break
                }
                for j in sums.indices { sums[j] = 0 }
                for j in counts.indices { counts[j] = 0 }
                for i in 0..<n {
                    let a = assignments[i]
                    counts[a] += 1
                    for t in 0..<d { sums[a * d + t] += x[i * d + t] }
                }
                for c in 0..<k {
                    if counts[c] > 0 {
                        for t in 0..<d { centroids[c * d + t] = sums[c * d + t] / Double(counts[c]) }
                    } else {
                        // Re-seed an empty cluster with the point farthest from its current centre.
                        var far = 0
                        var farDistance = -1.0
                        centroids.withUnsafeBufferPointer { cs in
                            for i in 0..<n {
                                let dist = distance(x, i, cs, assignments[i])
                                if dist > farDistance {
                                    farDistance = dist
                                    far = i
                                }
                            }
                        }
                        for t in 0..<d { centroids[c * d + t] = x[far * d + t] }
                        assignments[far] = c
                    }
                }
            }
        }
        let result = (0..<k).map { c in Array(centroids[(c * d)..<((c + 1) * d)]) }
        var inertia = 0.0
        for i in 0..<n { inertia += Self.squaredDistance(points[i], result[assignments[i]]) }
        return KMeansResult(centroids: result, assignments: assignments, inertia: inertia, iterations: iterations,
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
