import CZlib
import Foundation

/// Streams bytes to a file through a 1 MiB buffer; rows are counted as they are ended.
/// A path ending in `.gz` is written gzip-compressed (zlib level 1: fast, about 4x smaller).
///
/// Appends never allocate beyond the buffer; `endRow()` flushes when the buffer is full.
final class BufferedSink {
  /// Path written.
  let path: String
  private let handle: FileHandle
  private var buffer: [UInt8]
  private let capacity: Int
  private var closed = false
  /// Lines ended so far (header included).
  private(set) var lines = 0
  /// The deflate stream when the file is gzip, and its output buffer.
  private var zstream: UnsafeMutablePointer<z_stream>?
  private var compressed: [UInt8] = []

  /// Creates (truncates) the file.
  init(path: String, capacity: Int = 1 << 20) throws(GeneratorError) {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw .io(path: path, message: "cannot create file") }
    self.path = path
    self.handle = handle
    self.capacity = capacity
    self.buffer = []
    buffer.reserveCapacity(capacity + 4096)
    if path.hasSuffix(".gz") {
      let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      stream.initialize(to: z_stream())
      guard basket360_deflate_init_gzip(stream, 1) == Z_OK else {
        stream.deallocate()
        throw .io(path: path, message: "cannot initialise the gzip encoder")
      }
      zstream = stream
      compressed = [UInt8](repeating: 0, count: 1 << 16)
    }
  }

  deinit {
    if !closed { try? handle.close() }
    if let zstream {
      deflateEnd(zstream)
      zstream.deallocate()
    }
  }

  /// Appends UTF-8 text.
  @inline(__always) func write(_ text: String) { buffer.append(contentsOf: text.utf8) }

  /// Appends bytes.
  @inline(__always) func write(bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

  /// Appends one byte.
  @inline(__always) func write(byte: UInt8) { buffer.append(byte) }

  /// Appends a comma.
  @inline(__always) func comma() { buffer.append(44) }

  /// Appends a decimal integer.
  func write(int value: Int) {
    if value < 0 { buffer.append(45) }
    var v = value.magnitude
    if v == 0 {
      buffer.append(48)
      return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &digits) { raw in
      while v > 0 {
        raw[n] = UInt8(48 + v % 10)
        v /= 10
        n += 1
      }
      for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(raw[i]) }
    }
  }

  /// Appends an integer left-padded with zeros to `width` digits (non-negative values).
  func write(int value: Int, width: Int) {
    var probe = max(value, 1)
    var digits = 0
    while probe > 0 {
      digits += 1
      probe /= 10
    }
    if value == 0 { digits = 1 }
    for _ in 0..<max(0, width - digits) { buffer.append(48) }
    write(int: value)
  }

  /// Appends minor units as a decimal with two places (`255` → `2.55`, `-5` → `-0.05`).
  func write(minor value: Int) {
    if value < 0 { buffer.append(45) }
    let m = Int(value.magnitude)
    write(int: m / 100)
    buffer.append(46)
    write(int: m % 100, width: 2)
  }

  /// Appends a CSV field, quoting it when it contains a comma, quote or line break.
  func write(field text: String) {
    if text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
      buffer.append(34)
      for b in text.utf8 {
        if b == 34 { buffer.append(34) }
        buffer.append(b)
      }
      buffer.append(34)
    } else {
      write(text)
    }
  }

  /// Ends a line (LF) and flushes when the buffer is full.
  func endRow() throws(GeneratorError) {
    buffer.append(10)
    lines += 1
    if buffer.count >= capacity { try flush() }
  }

  /// Writes the buffer to the file.
  func flush() throws(GeneratorError) {
    guard !buffer.isEmpty else { return }
    if zstream != nil {
      try deflate(finish: false)
    } else {
      try writeOut(buffer[...])
    }
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeOut(_ bytes: ArraySlice<UInt8>) throws(GeneratorError) {
    do {
      try handle.write(contentsOf: bytes)
    } catch {
      throw .io(path: path, message: "\(error)")
    }
  }

  /// Compresses the buffer (and, with `finish`, ends the gzip stream), writing what comes out.
  private func deflate(finish: Bool) throws(GeneratorError) {
    guard let zstream else { return }
    var status: Int32 = Z_OK
    var pending: [UInt8] = []
    buffer.withUnsafeMutableBufferPointer { input in
      zstream.pointee.next_in = input.baseAddress
      zstream.pointee.avail_in = UInt32(input.count)
      compressed.withUnsafeMutableBufferPointer { out in
        repeat {
          zstream.pointee.next_out = out.baseAddress
          zstream.pointee.avail_out = UInt32(out.count)
          status = CZlib.deflate(zstream, finish ? Z_FINISH : Z_NO_FLUSH)
          pending.append(contentsOf: out[0..<(out.count - Int(zstream.pointee.avail_out))])
        } while (status == Z_OK || status == Z_BUF_ERROR)
          && (zstream.pointee.avail_in > 0 || (finish && status != Z_STREAM_END))
      }
      zstream.pointee.next_in = nil
    }
    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
      throw .io(path: path, message: "gzip compression failed (zlib status \(status))")
    }
    if !pending.isEmpty { try writeOut(pending[...]) }
  }

  /// Flushes and closes the file.
  func close() throws(GeneratorError) {
    guard !closed else { return }
    try flush()
    if zstream != nil { try deflate(finish: true) }
    closed = true
    do { try handle.close() } catch { throw .io(path: path, message: "\(error)") }
  }
}
