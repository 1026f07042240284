/// Hex digests via PostgreSQL-independent code, shared by migrations and ingest.
public enum Checksum {
  /// SHA-256 of `bytes` as lower-case hex.
  public static func sha256Hex(_ bytes: [UInt8]) -> String {
    let hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalizeHex()
  }
}
