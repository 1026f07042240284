/// Errors thrown by the generator.
public enum GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An option is out of range.
  case invalidOptions(String)
  /// A file could not be created or written.
  case io(path: String, message: String)

  /// Human-readable message.
  public var description: String {
    switch self {
    case .invalidOptions(let m): "invalid generator options: \(m)"
    case .io(let path, let m): "cannot write \(path): \(m)"
    }
  }
}
