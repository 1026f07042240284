import Foundation

/// The product catalogue (the only table held in memory) with Zipf-distributed popularity.
///
/// Popularity ranks are a random permutation of the catalogue, so popular items are spread over all
/// categories; rank k has weight 1/k^s. With the default s = 1 and 4,000 items the top 20% of items
/// get about 80% of the line draws, hence a long-tailed revenue share.
public struct ProductCatalog: Sendable {
  /// Products in catalogue order (the order of products.csv).
  public let products: [Product]
  /// Popularity weight of each product (same order), summing to 1.
  public let popularity: [Double]
  private let table: AliasTable

  /// Number of products.
  public var count: Int { products.count }

  /// Builds the catalogue of a profile deterministically from the seed.
  public init(profile: GeneratorProfile, count: Int, zipfExponent: Double, seed: UInt64) {
    var rng = Xoshiro256StarStar(seed: seed, stream: 0xCA7A_1060)
    var products: [Product] = []
    products.reserveCapacity(count)
    switch profile {
    case .ukGiftware:
      var usedCodes = Set<String>()
      for _ in 0..<count {
        var code = ""
        repeat {
          let number = rng.integer(in: 10002...90999)
          let suffix = rng.bernoulli(0.3) ? String(UnicodeScalar(UInt8(65 + rng.integer(in: 0...6)))) : ""
          code = "\(number)\(suffix)"
        } while usedCodes.contains(code)
        usedCodes.insert(code)
        let category = ProfileVocabulary.ukCategories[rng.integer(in: 0...(ProfileVocabulary.ukCategories.count - 1))]
        let motif = ProfileVocabulary.ukMotifs[rng.integer(in: 0...(ProfileVocabulary.ukMotifs.count - 1))]
        let item = category.items[rng.integer(in: 0...(category.items.count - 1))]
        let price = Self.logUniform(&rng, Double(category.minPence), Double(category.maxPence))
        products.append(Product(code: code, description: "\(motif) \(item)", category: category.name,
                                priceMinor: max(1, Int(price.rounded()))))
      }
    case .indianApparel:
      let width = max(5, String(count).count)
      for i in 0..<count {
        let category = ProfileVocabulary.indianCategories[
          rng.integer(in: 0...(ProfileVocabulary.indianCategories.count - 1))]
        let style = ProfileVocabulary.indianStyles[rng.integer(in: 0...(ProfileVocabulary.indianStyles.count - 1))]
        let colour = ProfileVocabulary.indianColours[rng.integer(in: 0...(ProfileVocabulary.indianColours.count - 1))]
        let rupees = Self.logUniform(&rng, Double(category.minRupees), Double(category.maxRupees))
        // Retail prices ending in 99 (₹1,499), at least ₹99.
        let price = max(99, Int((rupees / 100).rounded()) * 100 - 1)
        products.append(Product(code: Self.padded("P", i + 1, width: width), description: "\(style) \(category.name) - \(colour)",
                                category: category.name, priceMinor: price * 100))
      }
    }
    var ranks = Array(0..<count)
    for i in stride(from: count - 1, to: 0, by: -1) { ranks.swapAt(i, rng.integer(in: 0...i)) }
    let zipf = ZipfWeights.weights(count: count, exponent: zipfExponent)
    var weights = [Double](repeating: 0, count: count)
    for i in 0..<count { weights[i] = zipf[ranks[i]] }
    let total = weights.reduce(0, +)
    self.products = products
    self.popularity = weights.map { $0 / total }
    self.table = AliasTable(weights: weights)
  }

  /// Draws a product index by popularity.
  public func sample(_ rng: inout Xoshiro256StarStar) -> Int { table.sample(&rng) }

  /// exp(Uniform(ln lo, ln hi)).
  static func logUniform(_ rng: inout Xoshiro256StarStar, _ lo: Double, _ hi: Double) -> Double {
    exp(rng.uniform(log(lo), log(hi)))
  }

  /// `prefix` followed by `n` zero-padded to `width` digits.
  static func padded(_ prefix: String, _ n: Int, width: Int) -> String {
    let digits = String(n)
    return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
