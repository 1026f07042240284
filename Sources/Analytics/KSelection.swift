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
    public static func choose(_ points: [[Double]], kRange: ClosedRange<Int>, restarts: Int = 10,
                              seed: UInt64 = 42) -> KSelection? {
        let standardizer = Standardizer(fitting: points)
        let z = standardizer.transform(points)
        var candidates: [Candidate] = []
        var best: (k: Int, silhouette: Double, result: KMeansResult)?
        for k in kRange where k >= 2 {
            guard let result = KMeans(k: k, restarts: restarts, seed: seed).fit(z) else { continue }
            let s = Silhouette.score(z, assignments: result.assignments)
            candidates.append(Candidate(k: k, silhouette: s, inertia: result.inertia))
            if s.isFinite && (best.map { s > $0.silhouette } ?? true) { best = (k, s, result) }
        }
        guard let best else { return nil }
        return KSelection(bestK: best.k, best: best.result, standardizer: standardizer, candidates: candidates)
    }
}
