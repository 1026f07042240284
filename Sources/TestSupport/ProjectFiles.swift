import Foundation

/// Files of this checkout that tests use: the built command-line tool, and config directories.
public enum ProjectFiles {
  /// A product of this package's debug build (`.build/debug/NAME`, which `make test` builds first),
  /// found from this file upwards; nil when it is not built.
  public static func builtProduct(_ name: String, filePath: String = #filePath) -> String? {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      let candidate = url.appendingPathComponent(".build/debug/\(name)").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// A new config directory under the temporary directory holding `basket360.yml` with `settings`
  /// and, for each entry of `segments`, `segments/NAME.yml` with its text.
  public static func temporaryConfig(_ settings: String, segments: [String: String] = [:]) throws -> String {
    let directory = NSTemporaryDirectory() + "b360-config-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory + "/segments", withIntermediateDirectories: true)
    try settings.write(toFile: directory + "/basket360.yml", atomically: true, encoding: .utf8)
    for (name, text) in segments {
      try text.write(toFile: directory + "/segments/\(name).yml", atomically: true, encoding: .utf8)
    }
    return directory
  }
}
