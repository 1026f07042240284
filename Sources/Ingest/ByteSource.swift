import CZlib
import Foundation

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
public final class ByteSource {
  public let path: String
  private let file: UnsafeMutablePointer<FILE>
  private var raw: [UInt8]
  private var rawStart = 0
  private var rawEnd = 0
  /// zlib keeps a pointer back to its z_stream, so the struct lives at a fixed heap address.
  private var stream: UnsafeMutablePointer<z_stream>?
  private var finished = false
  /// Whether the file is gzip-compressed.
  public let isGzip: Bool

  public init(path: String, chunkSize: Int = 256 * 1024) throws {
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
