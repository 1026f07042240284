/// xoshiro256** pseudo-random generator (Blackman & Vigna 2018), seeded through SplitMix64.
///
/// Deterministic on every platform: the same seed and stream always give the same sequence.
/// Independent streams (one per customer) are derived from `(seed, stream)` so a customer's
/// draws do not depend on how many customers were simulated before it.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Seeds the four state words from consecutive SplitMix64 outputs of `seed`.
  public init(seed: UInt64) {
    var sm = seed
    s0 = Self.splitMix(&sm)
    s1 = Self.splitMix(&sm)
    s2 = Self.splitMix(&sm)
    s3 = Self.splitMix(&sm)
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
  }

  /// Seeds an independent stream: the stream number is hashed into the seed before expansion.
  public init(seed: UInt64, stream: UInt64) {
    var mix = stream &* 0xD1B5_4A32_D192_ED03 ^ 0x8CB9_2BA7_2F3D_8DD7
    let salt = Self.splitMix(&mix)
    self.init(seed: seed ^ salt)
  }

  /// One SplitMix64 step (Steele, Lea & Flood 2014).
  static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
  }

  /// Next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }
}
