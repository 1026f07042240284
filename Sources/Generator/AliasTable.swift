/// Categorical sampler by Vose's alias method: O(n) set-up, O(1) per draw (one uniform per draw).
public struct AliasTable: Sendable {
  private var probability: [Double]
  private var alias: [Int]

  /// Number of categories.
  public var count: Int { probability.count }

  /// Builds the table from non-negative weights. Invalid weights (none positive, negative or
  /// non-finite) fall back to equal weights; an empty list gives a single category.
  public init(weights input: [Double]) {
    var weights = input.isEmpty ? [1.0] : input
    let n = weights.count
    var total = weights.reduce(0, +)
    if !(total > 0 && total.isFinite && weights.allSatisfy({ $0 >= 0 })) {
      weights = [Double](repeating: 1, count: n)
      total = Double(n)
    }
    var scaled = weights.map { $0 * Double(n) / total }
    var prob = [Double](repeating: 1, count: n)
    var alias = Array(0..<n)
    var small: [Int] = []
    var large: [Int] = []
    for i in 0..<n {
      if scaled[i] < 1 { small.append(i) } else { large.append(i) }
    }
    while let s = small.popLast(), let l = large.popLast() {
      prob[s] = scaled[s]
      alias[s] = l
      scaled[l] = scaled[l] + scaled[s] - 1
      if scaled[l] < 1 { small.append(l) } else { large.append(l) }
    }
    // Leftovers are 1 up to rounding.
    self.probability = prob
    self.alias = alias
  }

  /// Draws a category index.
  public func sample(_ rng: inout Xoshiro256StarStar) -> Int {
    let u = rng.uniform() * Double(probability.count)
    let i = min(Int(u), probability.count - 1)
    return (u - Double(i)) < probability[i] ? i : alias[i]
  }
}
