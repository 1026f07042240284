/// Output of a k-means run.
public struct KMeansResult: Sendable, Hashable {
    /// Cluster centres (in the space the points were given in).
    public var centroids: [[Double]]
    /// Cluster index of each point.
    public var assignments: [Int]
    /// Sum of squared distances of points to their centres.
    public var inertia: Double
    /// Lloyd iterations used by the best restart.
    public var iterations: Int
    /// True when the best restart stopped because assignments no longer changed.
    public var converged: Bool

    /// Creates a result.
    public init(centroids: [[Double]], assignments: [Int], inertia: Double, iterations: Int, converged: Bool) {
        self.centroids = centroids
        self.assignments = assignments
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
    }
}
