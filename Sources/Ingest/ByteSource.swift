import CZlib
import Foundation
import Warehouse

/// Errors reading an input file, naming the file.
public struct InputError: Error, CustomStringConvertible, Sendable {
  public enum Code: Sendable { case notFound, unreadable, corrupt, badHeader, badMapping }
  public let code: Code
  public let file: String
  public let message: String
  public init(_ code: Code, file: String, _ message: String) {
    self.code = code
    self.file = file
    self.message = message
  }
  public var description: String { "\(file): \(message)" }
}

/// Reads a file's bytes in chunks, inflating gzip transparently (detected by its magic
/// bytes, not the file name). Memory use is bounded by the chunk size.
///
/// With `readAhead`, a background thread reads and inflates a few chunks ahead of the caller
/// (and, with `digest`, hashes the content), so that work runs on another core while the
/// caller parses; the bytes and errors the caller sees are the same, in the same order.
public final class ByteSource {
  public let path: String
  /// Whether the file is gzip-compressed.
  public let isGzip: Bool
  private let direct: Inflater?
  private let prefetcher: Prefetcher?

  public init(path: String, chunkSize: Int = 256 * 1024, readAhead: Bool = false, digest: Bool = false) throws {
    self.path = path
    let inflater = try Inflater(path: path, chunkSize: chunkSize)
    isGzip = inflater.isGzip
    if readAhead || digest {
      direct = nil
      prefetcher = Prefetcher(inflater, chunkSize: chunkSize, slots: 4, digest: digest)
    } else {
      direct = inflater
      prefetcher = nil
    }
  }

  deinit { prefetcher?.cancel() }

  /// Reads up to `into.count` bytes; returns 0 at end of input.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    if let direct { return try direct.read(into: buffer) }
    return try prefetcher!.read(into: buffer)
  }

  /// With `digest`, once the whole input has been read: the SHA-256 of the (inflated) content
  /// and its size in bytes, as `BatchLoader.contentHash` computes them; nil before the end.
  public var contentDigest: (sha256: String, bytes: Int)? { prefetcher?.digest }

  /// Whether the file starts with gzip's magic bytes (false when it cannot be read).
  public static func isGzip(path: String) -> Bool {
    guard let f = fopen(path, "rb") else { return false }
    defer { fclose(f) }
    var magic: (UInt8, UInt8) = (0, 0)
    return fread(&magic, 1, 2, f) == 2 && magic == (0x1f, 0x8b)
  }

  /// The size of the content after decompression, modulo 2^32, read without decompressing:
  /// the file size, or a gzip file's trailer (ISIZE). Only a hint: a file of several gzip
  /// members gives the size of its last member.
  public static func contentSizeHint(path: String) -> UInt32? {
    let gzip = isGzip(path: path)
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    if gzip {
      var trailer: UInt32 = 0
      guard fseeko(f, -4, SEEK_END) == 0, fread(&trailer, 4, 1, f) == 1 else { return nil }
      return UInt32(littleEndian: trailer)
    }
    guard fseeko(f, 0, SEEK_END) == 0 else { return nil }
    return UInt32(truncatingIfNeeded: ftello(f))
  }
}

/// The synchronous reader behind `ByteSource`: one file, inflated when it is gzip.
private final class Inflater {
  let path: String
  private let file: UnsafeMutablePointer<FILE>
  private var raw: [UInt8]
  private var rawStart = 0
  private var rawEnd = 0
  /// zlib keeps a pointer back to its z_stream, so the struct lives at a fixed heap address.
  private var stream: UnsafeMutablePointer<z_stream>?
  private var finished = false
  let isGzip: Bool

  init(path: String, chunkSize: Int) throws {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw InputError(.notFound, file: path, "no such file")
    }
    guard !isDirectory.boolValue else {
      throw InputError(.unreadable, file: path, "is a directory, not a data file (a three-file export needs a three-file source)")
    }
    guard let f = fopen(path, "rb") else {
      throw InputError(.unreadable, file: path, "cannot open: \(String(cString: strerror(errno)))")
    }
    file = f
    raw = [UInt8](repeating: 0, count: chunkSize)
    rawEnd = fread(&raw, 1, chunkSize, f)
    isGzip = rawEnd >= 2 && raw[0] == 0x1f && raw[1] == 0x8b
    if isGzip {
      let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      s.initialize(to: z_stream())
      guard basket360_inflate_init_gzip(s) == Z_OK else {
        s.deallocate()
        fclose(f)
        throw InputError(.corrupt, file: path, "cannot initialise gzip decoder")
      }
      stream = s
    }
  }

  deinit {
    if let stream {
      inflateEnd(stream)
      stream.deallocate()
    }
    fclose(file)
  }

  private func refillRaw() {
    rawStart = 0
    rawEnd = fread(&raw, 1, raw.count, file)
  }

  /// Reads up to `into.count` bytes; returns 0 at end of input.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard !finished, buffer.count > 0 else { return 0 }
    if !isGzip {
      if rawStart == rawEnd { refillRaw() }
      if rawEnd == 0 {
        if ferror(file) != 0 { throw InputError(.unreadable, file: path, "read error") }
        finished = true
        return 0
      }
      let n = min(buffer.count, rawEnd - rawStart)
      raw.withUnsafeBytes { src in
        buffer.baseAddress!.copyMemory(from: src.baseAddress! + rawStart, byteCount: n)
      }
      rawStart += n
      return n
    }
    let stream = stream!
    while true {
      if rawStart == rawEnd {
        refillRaw()
        if rawEnd == 0 {
          throw InputError(.corrupt, file: path, "gzip stream ends early (truncated file?)")
        }
      }
      let produced: Int
      let status: Int32
      (produced, status) = raw.withUnsafeMutableBytes { src in
        stream.pointee.next_in = src.baseAddress!.assumingMemoryBound(to: Bytef.self) + rawStart
        stream.pointee.avail_in = uInt(rawEnd - rawStart)
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        let status = inflate(stream, Z_NO_FLUSH)
        rawStart = rawEnd - Int(stream.pointee.avail_in)
        return (buffer.count - Int(stream.pointee.avail_out), status)
      }
      switch status {
      case Z_STREAM_END:
        // Concatenated gzip members (as `cat a.gz b.gz` makes) continue the stream.
        if rawStart == rawEnd { refillRaw() }
        if rawEnd > rawStart {
          inflateReset(stream)
        } else {
          finished = true
        }
        if produced > 0 || finished { return produced }
      case Z_OK, Z_BUF_ERROR:
        if produced > 0 { return produced }
      default:
        throw InputError(.corrupt, file: path, "gzip data is corrupt (zlib status \(status))")
      }
    }
  }
}

/// Reads an `Inflater` on its own thread into a few chunk buffers, ahead of the consumer.
///
/// The buffers cycle between `free` (the producer fills them) and `ready` (the consumer reads
/// them); everything shared is guarded by `condition`. The inflater and the hasher belong to
/// the producer thread alone.
private final class Prefetcher: @unchecked Sendable {
  private let inflater: Inflater
  private let condition = NSCondition()
  private var free: [[UInt8]]
  private var ready: [(buffer: [UInt8], count: Int)] = []
  private var ended = false
  private var failure: (any Error)?
  private var cancelled = false
  private var hasher: SHA256?
  private var total = 0
  private var finalDigest: (sha256: String, bytes: Int)?
  // The consumer's chunk in progress (consumer thread only).
  private var current: [UInt8]?
  private var currentCount = 0
  private var offset = 0

  init(_ inflater: Inflater, chunkSize: Int, slots: Int, digest: Bool) {
    self.inflater = inflater
    free = (0..<slots).map { _ in [UInt8](repeating: 0, count: chunkSize) }
    hasher = digest ? SHA256() : nil
    Thread { [self] in produce() }.start()
  }

  private func produce() {
    while true {
      condition.lock()
      while free.isEmpty && !cancelled { condition.wait() }
      if cancelled {
        condition.unlock()
        return
      }
      var chunk = free.removeLast()
      condition.unlock()
      // Fill the whole chunk; bytes read before an error are delivered before the error.
      var count = 0
      var error: (any Error)?
      chunk.withUnsafeMutableBytes { buffer in
        do {
          while count < buffer.count {
            let n = try inflater.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
            if n == 0 { break }
            count += n
          }
        } catch let e { error = e }
      }
      if hasher != nil { chunk.withUnsafeBytes { hasher!.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) } }
      total += count
      condition.lock()
      if count > 0 { ready.append((chunk, count)) } else { free.append(chunk) }
      if let error {
        failure = error
      } else if count == 0 {
        ended = true
        if hasher != nil { finalDigest = (hasher!.finalizeHex(), total) }
      }
      condition.broadcast()
      condition.unlock()
      if error != nil || count == 0 { return }
    }
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard buffer.count > 0 else { return 0 }
    if current == nil || offset == currentCount {
      condition.lock()
      if let done = current {
        free.append(done)
        current = nil
        condition.broadcast()
      }
      while ready.isEmpty && failure == nil && !ended { condition.wait() }
      guard !ready.isEmpty else {
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
        return 0
      }
      let next = ready.removeFirst()
      condition.unlock()
      current = next.buffer
      currentCount = next.count
      offset = 0
    }
    let n = min(buffer.count, currentCount - offset)
    current!.withUnsafeBytes { source in
      buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
    }
    offset += n
    return n
  }

  var digest: (sha256: String, bytes: Int)? {
    condition.lock()
    defer { condition.unlock() }
    return finalDigest
  }

  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }
}
