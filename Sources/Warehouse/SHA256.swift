import CCrypto

/// SHA-256 (FIPS 180-4), streaming. Used for batch identity: the hash of a file's content.
///
/// Computed by OpenSSL's libcrypto (already linked by libpq), which uses the CPU's SHA
/// instructions: the UCI file's 47 MB take about 35 ms instead of the 210 ms of the portable
/// Swift implementation this replaced, time taken on the thread that reads the file while a load
/// stages it (bench/RESULTS.md, section B).
public final class SHA256 {
  private let context: OpaquePointer

  public init() {
    guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
      fatalError("libcrypto could not set up a SHA-256 digest")
    }
    self.context = context
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Adds bytes to the digest.
  public func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    guard EVP_DigestUpdate(context, base, bytes.count) == 1 else { fatalError("libcrypto SHA-256 update failed") }
  }

  public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

  /// Finishes and returns the digest as 64 lower-case hex characters. Call it once.
  public func finalizeHex() -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
      fatalError("libcrypto SHA-256 final failed")
    }
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 0xf)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
