import Foundation

#if canImport(Glibc)
  import Glibc
#endif

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

  /// A finished child process: exit status, standard output and its own peak resident set size.
  struct ChildRun {
    var status: Int32
    var stdout: String
    var peakResidentKB: Int
  }

  /// Runs `binary` with `arguments` and measures that child's peak resident set size alone, whatever
  /// else this process runs or spawns, by reading its `VmHWM` (/proc/PID/status) every 5 ms until it
  /// exits. `VmHWM` belongs to the child's own address space, fresh at `exec`. (`wait4`'s `ru_maxrss`
  /// would not do: Linux carries the spawning process's high-water mark into it at `exec`.)
  /// The mark only rises, so the last reading misses at most the child's last 5 ms.
  /// Standard output goes to a temporary file (read after the exit); standard error is inherited.
  static func runMeasured(_ binary: String, _ arguments: [String]) throws -> ChildRun {
    let outPath = temporaryPath("stdout")
    defer { remove(outPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
    var status: Int32 = 0
    var peakKB = 0
    while true {
      if let kB = residentHighWaterKB(pid: pid) { peakKB = max(peakKB, kB) }
      let waited = waitpid(pid, &status, WNOHANG)
      if waited == pid { break }
      guard waited == 0 || errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
      usleep(5_000)
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
    let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    return ChildRun(status: exitStatus, stdout: stdout, peakResidentKB: peakKB)
  }

  /// Peak resident set size of a process in kB (`VmHWM` of /proc/PID/status); nil off Linux or once it has exited.
  static func residentHighWaterKB(pid: pid_t) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
  }
}
