import Foundation

/// Helpers for tests: temporary paths, streaming hashes and line reading.
enum TestFiles {
  /// A fresh path under the temporary directory (not created).
  static func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.path
    return "\(dir)/generator-tests-\(UUID().uuidString)-\(name)"
  }

  /// Removes a file or directory, ignoring errors.
  static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

  /// FNV-1a 64 hash of a file's bytes, read in 1 MiB chunks.
  static func fnv1a(_ path: String) throws -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    try forEachChunk(path) { chunk in
      for b in chunk {
        hash ^= UInt64(b)
        hash &*= 0x100_0000_01B3
      }
    }
    return hash
  }

  /// Calls `body` with successive chunks of the file.
  static func forEachChunk(_ path: String, _ body: (Data) throws -> Void) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw CocoaError(.fileNoSuchFile)
    }
    defer { try? handle.close() }
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try body(chunk) }
  }

  /// Number of LF bytes in a file.
  static func lineCount(_ path: String) throws -> Int {
    var n = 0
    try forEachChunk(path) { chunk in n += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
    return n
  }

  /// Calls `body` with each line (without LF), streaming.
  static func forEachLine(_ path: String, _ body: (String) -> Void) throws {
    var pending: [UInt8] = []
    try forEachChunk(path) { chunk in
      for b in chunk {
        if b == 10 {
          body(String(decoding: pending, as: UTF8.self))
          pending.removeAll(keepingCapacity: true)
        } else {
          pending.append(b)
        }
      }
    }
    if !pending.isEmpty { body(String(decoding: pending, as: UTF8.self)) }
  }

  /// Peak resident set size of this process in kB (`VmHWM` of /proc/self/status); nil off Linux.
  static func peakResidentKB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
  }
}
