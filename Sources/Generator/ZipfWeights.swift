import Foundation

/// Zipf (long-tail) popularity weights: the item of rank k gets weight 1/k^s.
public enum ZipfWeights {
  /// Weights for ranks 1...count with exponent `s` (s = 1 is classic Zipf; larger is more skewed).
  public static func weights(count: Int, exponent s: Double) -> [Double] {
    (0..<max(count, 0)).map { 1 / pow(Double($0 + 1), s) }
  }

  /// Share of the total weight held by the top `fraction` of ranks (e.g. 0.2 for "top 20%").
  public static func topShare(count: Int, exponent s: Double, fraction: Double) -> Double {
    let w = weights(count: count, exponent: s)
    let top = Int((Double(count) * fraction).rounded(.up))
    let total = w.reduce(0, +)
    return total > 0 ? w.prefix(top).reduce(0, +) / total : 0
  }
}
