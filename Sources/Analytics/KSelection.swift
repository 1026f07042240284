/// Chooses k for k-means by the highest mean silhouette over a range, on standardised data.
public struct KSelection: Sendable {
    /// Diagnostics for one candidate k.
    public struct Candidate: Sendable, Hashable {
        /// Number of clusters.
        public var k: Int
        /// Mean silhouette.
        public var silhouette: Double
        /// Within-cluster sum of squares (standardised space).
        public var inertia: Double
    }

    /// Best k (highest silhouette; the smaller k wins exact ties).
    public var bestK: Int
    /// The clustering for `bestK` (centroids in standardised space).
    public var best: KMeansResult
    /// The standardiser applied to the points.
    public var standardizer: Standardizer
    /// All candidates evaluated, in increasing k.
    public var candidates: [Candidate]

    /// Standardises `points`, runs k-means for each k in `range` (k ≥ 2) and keeps the best silhouette.
    /// Returns nil when no k in the range can be fitted.
    ///
    /// Silhouette is O(n²), so beyond `sampleSize` points k is chosen on a seeded random sample
    /// (k-means and silhouette both run on it, as scikit-learn's `sample_size` does), and every point
    /// is then assigned to the nearest centroid of the chosen k.
    public static func choose(_ points: [[Double]], kRange: ClosedRange<Int>, restarts: Int = 10,
                              seed: UInt64 = 42, sampleSize: Int = 5_000) -> KSelection? {
        let standardizer = Standardizer(fitting: points)
        let z = standardizer.transform(points)
        var sample = z
        if z.count > sampleSize {
            var rng = SplitMix64(seed: seed)
            var indices = Array(z.indices)
            // Partial Fisher–Yates: the first sampleSize positions are a uniform sample.
            for i in 0..<sampleSize { indices.swapAt(i, i + Int(rng.next() % UInt64(z.count - i))) }
            sample = indices[0..<sampleSize].sorted().map { z[$0] }
        }
        // One fit per k, on every core (each fit is seeded on its own, so the results are those of a
        // serial loop).
        let fits = parallelMap(kRange.filter { $0 >= 2 }[...]) { k in
            KMeans(k: k, restarts: restarts, seed: seed).fit(sample).map { (k: k, result: $0) }
        }.compactMap { $0 }
        let silhouettes = Silhouette.scores(sample, labelings: fits.map(\.result.assignments))
        var candidates: [Candidate] = []
        var best: (k: Int, silhouette: Double, result: KMeansResult)?
        for ((k, result), s) in zip(fits, silhouettes) {
            candidates.append(Candidate(k: k, silhouette: s, inertia: result.inertia))
            if s.isFinite && (best.map { s > $0.silhouette } ?? true) { best = (k, s, result) }
        }
        guard var chosen = best?.result, let bestK = best?.k else { return nil }
        if sample.count != z.count {
            var assignments = [Int](repeating: 0, count: z.count)
            var inertia = 0.0
            for (i, point) in z.enumerated() {
                var nearest = 0, distance = Double.infinity
                for (c, centroid) in chosen.centroids.enumerated() {
                    let d = KMeans.squaredDistance(point, centroid)
                    if d < distance { (nearest, distance) = (c, d) }
                }
                assignments[i] = nearest
                inertia += distance
            }
            chosen = KMeansResult(centroids: chosen.centroids, assignments: assignments, inertia: inertia,
                                  iterations: chosen.iterations, converged: chosen.converged)
        }
        return KSelection(bestK: bestK, best: chosen, standardizer: standardizer, candidates: candidates)
    }
}
