import Foundation
import Testing
@testable import Analytics

/// Shared helpers for the test suite.
enum TestSupport {
    /// |a − b| ≤ tol · max(|b|, tiny): relative closeness against the reference `b`.
    static func relativelyClose(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
        abs(a - b) <= tol * max(abs(b), 1e-300)
    }

    /// The CDNOW 1/10 sample bundled in the project's `data/` directory.
    static func cdnowText(filePath: String = #filePath) throws -> String {
        var url = URL(fileURLWithPath: filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("data/CDNOW_sample.txt")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return try String(contentsOf: candidate, encoding: .utf8)
            }
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// End of the 39-week calibration period, 1997-09-30.
    static let calibrationEnd = CivilDate(year: 1997, month: 9, day: 30).dayNumber

    /// Calibration summaries of the CDNOW sample (weeks).
    static func cdnowHistories() throws -> [CustomerHistory] {
        let records = try CDNOWFormat.parse(try cdnowText())
        return CalibrationSummarizer.summarize(records, calibrationEnd: calibrationEnd, daysPerUnit: 7)
    }
}
