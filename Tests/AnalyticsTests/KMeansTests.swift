import Foundation
import Testing
@testable import Analytics

/// Three well-separated Gaussian blobs (σ = 0.5) in 3-D, 40 points each, generated with SplitMix64.
private func blobs(seed: UInt64) -> (points: [[Double]], labels: [Int]) {
    var rng = SplitMix64(seed: seed)
    func normal() -> Double {
        let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
    let centres: [[Double]] = [[0, 0, 0], [10, 10, 0], [-10, 10, 5]]
    var points: [[Double]] = []
    var labels: [Int] = []
    for (label, centre) in centres.enumerated() {
        for _ in 0..<40 {
            points.append(centre.map { $0 + 0.5 * normal() })
            labels.append(label)
        }
    }
    return (points, labels)
}

@Suite("k-means++ and silhouette")
struct KMeansTests {
    @Test("SplitMix64 reference output for seed 0")
    func splitMix() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test("k-means recovers three well-separated clusters")
    func recoversClusters() throws {
        let (points, labels) = blobs(seed: 7)
        let z = Standardizer(fitting: points).transform(points)
        let result = try #require(KMeans(k: 3, seed: 1).fit(z))
        #expect(result.converged)
        // Each true cluster maps onto exactly one k-means cluster and the mapping is a bijection.
        var mapping: [Int: Set<Int>] = [:]
        for (label, assigned) in zip(labels, result.assignments) { mapping[label, default: []].insert(assigned) }
        #expect(mapping.values.allSatisfy { $0.count == 1 })
        #expect(Set(mapping.values.compactMap(\.first)).count == 3)
    }

    @Test("Silhouette over k = 2...6 picks k = 3")
    func silhouettePicksThree() throws {
        let (points, _) = blobs(seed: 11)
        let selection = try #require(KSelection.choose(points, kRange: 2...6, seed: 3))
        #expect(selection.bestK == 3)
        #expect(selection.candidates.map(\.k) == [2, 3, 4, 5, 6])
        let best = try #require(selection.candidates.first { $0.k == 3 })
        #expect(best.silhouette > 0.8)
        #expect(selection.candidates.filter { $0.k != 3 }.allSatisfy { $0.silhouette < best.silhouette })
    }

    @Test("k chosen with the fits on every core: each candidate is the serial fit of its k")
    func parallelFitsMatchSerialOnes() throws {
        let (points, _) = blobs(seed: 11)
        let selection = try #require(KSelection.choose(points, kRange: 2...8, restarts: 4, seed: 3))
        let z = Standardizer(fitting: points).transform(points)
        for candidate in selection.candidates {
            let serial = try #require(KMeans(k: candidate.k, restarts: 4, seed: 3).fit(z))
            #expect(candidate.inertia == serial.inertia, "k = \(candidate.k)")
        }
        let best = try #require(KMeans(k: selection.bestK, restarts: 4, seed: 3).fit(z))
        #expect(selection.best == best)
    }

    @Test("parallelMap is map, in order, whatever the sizes and costs")
    func parallelMapIsMap() {
        for count in [0, 1, 2, 7, 1000] {
            let input = Array(0..<count)
            // Uneven costs: later elements take longer.
            let work = { (i: Int) -> Double in (0...(i % 97) * 50).reduce(0.0) { $0 + Double($1 ^ i) } }
            #expect(parallelMap(input[...], work) == input.map(work), "count \(count)")
        }
        let slice = Array(0..<100)[10..<90]
        #expect(parallelMap(slice) { $0 * 2 } == slice.map { $0 * 2 })
    }

    @Test("Same seed gives the same clustering")
    func deterministic() throws {
        let (points, _) = blobs(seed: 5)
        let a = try #require(KMeans(k: 4, restarts: 3, seed: 99).fit(points))
        let b = try #require(KMeans(k: 4, restarts: 3, seed: 99).fit(points))
        #expect(a == b)
    }

    @Test("Silhouette of a tiny 1-D example matches the hand computation")
    func silhouetteByHand() {
        let s = Silhouette.score([[0], [1], [10], [11]], assignments: [0, 0, 1, 1])
        let expected = (9.5 / 10.5 + 8.5 / 9.5) / 2
        #expect(abs(s - expected) < 1e-15)
        #expect(Silhouette.score([[0], [1]], assignments: [0, 0]).isNaN)
    }

    @Test("Silhouettes of several labelings in one pass equal the textbook per-point computation")
    func batchedSilhouetteMatchesDefinition() throws {
        let (points, _) = blobs(seed: 11)
        let labelings = try [2, 3, 5].map { k in try #require(KMeans(k: k, restarts: 2, seed: 3).fit(points)).assignments }
        // Textbook definition, one point at a time: a = mean distance to its own cluster's other
        // points, b = lowest mean distance to another cluster; singletons score 0.
        func reference(_ labels: [Int]) -> Double {
            var total = 0.0
            for i in points.indices {
                var byCluster: [Int: [Double]] = [:]
                for j in points.indices where j != i {
                    let d = zip(points[i], points[j]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                    byCluster[labels[j], default: []].append(d)
                }
                guard let ownDistances = byCluster[labels[i]] else { continue }
                let a = ownDistances.reduce(0, +) / Double(ownDistances.count)
                let b = byCluster.filter { $0.key != labels[i] }.values.map { $0.reduce(0, +) / Double($0.count) }.min()!
                total += (b - a) / max(a, b)
            }
            return total / Double(points.count)
        }
        let batched = Silhouette.scores(points, labelings: labelings)
        for (labels, s) in zip(labelings, batched) {
            #expect(abs(s - reference(labels)) < 1e-12)
        }
        #expect(Silhouette.scores(points, labelings: [[Int](repeating: 0, count: points.count)])[0].isNaN)
    }

    @Test("Standardizer gives zero mean, unit variance and handles constant columns")
    func standardizer() {
        let rows: [[Double]] = [[1, 5], [2, 5], [3, 5]]
        let s = Standardizer(fitting: rows)
        let z = s.transform(rows)
        #expect(abs(z.map { $0[0] }.reduce(0, +)) < 1e-15)
        #expect(abs(z.map { $0[0] * $0[0] }.reduce(0, +) / 3 - 1) < 1e-12)
        #expect(z.allSatisfy { $0[1] == 0 })
        #expect(s.inverseTransform(z) == rows)
    }
}

@Suite struct KSelectionSamplingTests {
    /// Beyond the sample size, k is chosen on a sample and every point is still assigned.
    @Test func largeInputsAreClusteredThroughASample() throws {
        var rng = SplitMix64(seed: 3)
        let centres: [[Double]] = [[0, 0], [10, 10], [-10, 10]]
        let points = (0..<30_000).map { i -> [Double] in
            let c = centres[i % 3]
            return [c[0] + (rng.nextUnit() - 0.5), c[1] + (rng.nextUnit() - 0.5)]
        }
        let selection = try #require(KSelection.choose(points, kRange: 2...5, restarts: 3, seed: 1, sampleSize: 2_000))
        #expect(selection.bestK == 3)
        #expect(selection.best.assignments.count == 30_000)
        // Points generated from the same centre share a cluster.
        for c in 0..<3 {
            let labels = Set(stride(from: c, to: 30_000, by: 3).map { selection.best.assignments[$0] })
            #expect(labels.count == 1)
        }
    }
}
