/// A fast 64-bit hash of a line's bytes, computed while staging so that PostgreSQL finds the
/// candidate duplicate lines by grouping a `bigint` instead of hashing every line's text.
///
/// Not cryptographic and not stable across versions: equal bytes hash equal. The loader takes two
/// lines for duplicates when their hashes *and* every value cleaned from them are equal (the text
/// of a first occurrence is not staged), so a wrong duplicate would need a 64-bit collision between
/// lines whose cleaned values are all the same.
enum LineHash {
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
    let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
    let k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    var h = k2 ^ (UInt64(bytes.count) &* k1)
    guard let base = bytes.baseAddress else { return Int64(bitPattern: mix(h)) }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= bytes.count {
      let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = rotate(h ^ (word &* k1), 29) &* k2
      i += 8
    }
    if i < bytes.count {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < bytes.count {
        tail |= UInt64(base[i]) << shift
        shift += 8
        i += 1
      }
      h = rotate(h ^ (tail &* k1), 29) &* k2
    }
    return Int64(bitPattern: mix(h))
  }

  @inline(__always)
  private static func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

  /// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
  @inline(__always)
  private static func mix(_ x: UInt64) -> UInt64 {
    var x = x
    x ^= x >> 33
    x = x &* 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x = x &* 0xC4CE_B9FE_1A85_EC53
    x ^= x >> 33
    return x
  }
}

/// Remembers which line hashes were seen, in bounded memory (a Bloom filter, by default of 2^26 bits,
/// 8 MiB, up to 64 MiB for large files: see `sizing`; two probes per hash in the same 64-bit word), and
/// collects the hashes of the lines that may repeat an earlier one.
///
/// A repeated line is always caught; a new line is taken for a repeat only by chance (about 1 in
/// 2,000 by the end of a 540k-line file, 1 in 30 at 5M lines in 8 MiB), which costs PostgreSQL one more
/// comparison, never a wrong result. Past `capacity` candidates the list is given up
/// (`overflowed`) and the loader falls back to finding duplicates from all the hashes.
struct RepeatedLines {
  private var bits: [UInt64]
  private let mask: UInt64
  private let capacity: Int
  /// Hashes of the lines that may repeat an earlier line (a hash may be listed more than once).
  private(set) var candidates: [Int64] = []
  private(set) var overflowed = false

  /// The filter's size and the list's capacity for an input of about `contentBytes` bytes (an
  /// overestimate is fine): 8 bits per line of 64 bytes, so that the filter stays selective (by the
  /// end of the file about 1 new line in 20 is taken for a repeat by chance, 1 in 50 over the whole
  /// file). Between 2^26 bits (8 MiB, for up to 8M lines by that estimate: an uncompressed file up to
  /// 540 MB, or a gzip file up to 67 MB, about 9 times the UCI file's) and 2^29 (64 MiB); and a list of
  /// up to a 32nd of the lines, between 2^20 and 2^22 hashes (8 to 32 MiB at most). Memory stays
  /// bounded whatever the file; a 54M-line file keeps its list (at 8 MiB the filter fills up by
  /// 17M lines and the list is given up, which made that file's load 1.15x slower).
  static func sizing(contentBytes: Int) -> (bitCount: Int, capacity: Int) {
    let lines = max(contentBytes / 64, 1)
    let bits = 1 << (Int.bitWidth - (lines * 8 - 1).leadingZeroBitCount)  // the power of two ≥ lines · 8
    return (min(max(bits, 1 << 26), 1 << 29), min(max(lines / 32, 1 << 20), 1 << 22))
  }

  init(bitCount: Int = 1 << 26, capacity: Int = 1 << 20) {
    precondition(bitCount >= 64 && bitCount & (bitCount - 1) == 0, "bitCount must be a power of two")
    bits = [UInt64](repeating: 0, count: bitCount / 64)
    mask = UInt64(bitCount - 1)
    self.capacity = capacity
  }

  /// Adds a line's hash; true when the line may repeat an earlier one, or when the list has
  /// been given up (then any line may).
  @discardableResult
  mutating func insert(_ hash: Int64) -> Bool {
    guard !overflowed else { return true }
    // Both probes in one 64-bit word (a "blocked" Bloom filter): one cache miss per line instead
    // of two, for a slightly higher chance of a false alarm.
    let h = UInt64(bitPattern: hash)
    let word = Int((h & mask) >> 6)
    let probes: UInt64 = (1 << ((h >> 40) & 63)) | (1 << ((h >> 52) & 63))
    let seen = bits.withUnsafeMutableBufferPointer { words -> Bool in
      let seen = words[word] & probes == probes
      words[word] |= probes
      return seen
    }
    guard seen else { return false }
    if candidates.count < capacity {
      candidates.append(hash)
    } else {
      overflowed = true
      candidates = []
    }
    return true
  }
}

/// The country values `core.country_alias` knows, as the loader's SQL looks them up
/// (`alias = lower(country)`), decided while staging so that a line's raw text is staged only
/// when it may be rejected. Conservative: a value with non-ASCII letters counts as unknown,
/// since `lower` depends on the database's locale for those.
struct KnownCountries {
  private let aliases: Set<String>
  private var cache: [String: Bool] = [:]
  private var last: (country: String, known: Bool)?

  init(aliases: [String]) { self.aliases = Set(aliases) }

  mutating func contains(_ country: String) -> Bool {
    if let last, last.country == country { return last.known }
    let known: Bool
    if let hit = cache[country] {
      known = hit
    } else {
      known =
        country.utf8.allSatisfy { $0 < 0x80 }
        && aliases.contains(String(decoding: country.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self))
      // Bounded: a file of endless distinct garbage countries must not grow memory.
      if cache.count < 4096 { cache[country] = known }
    }
    last = (country, known)
    return known
  }
}
