import Analytics
import Foundation
import Pipeline
import TestSupport
import Testing

struct SettingsTests {
  @Test func shippedConfigLoadsAndItsSchemesAreComplete() throws {
    let settings = try projectSettings()
    #expect(settings.schemes.map(\.name) == ["classic", "four_groups"])
    let classic = settings.schemes[0], four = settings.schemes[1]
    #expect(classic.segmentNames.count == 11)
    #expect(Set(four.segmentNames) == ["High-Value", "Frequent Buyers", "New/Regular", "Dormant"])
    #expect(classic.segment(for: RFMCell(recency: 5, frequency: 5, monetary: 1)) == "Champions")
    #expect(classic.segment(for: RFMCell(recency: 1, frequency: 1, monetary: 5)) == "Lost")
    #expect(classic.segment(for: RFMCell(recency: 1, frequency: 5, monetary: 3)) == "Cannot Lose Them")
    #expect(four.segment(for: RFMCell(recency: 4, frequency: 2, monetary: 5)) == "High-Value")
    #expect(four.segment(for: RFMCell(recency: 2, frequency: 5, monetary: 5)) == "Dormant")
    #expect(settings.clv.timeUnitDays == 7)
    #expect(settings.clv.churnBands.highRiskBelow == 0.3)
    #expect(settings.ingest.ownPartitionMinSalesLines == 100_000)
  }

  @Test func aSchemeWithAGapAndAnOverlapIsRefusedNamingTheCells() throws {
    let dir = try ProjectFiles.temporaryConfig(
      "rfm:\n  schemes: [broken]\n",
      segments: [
        "broken": """
        name: broken
        rules:
          - {name: Top, recency: 4-5, frequency: 4-5}
          - {name: Also Top, recency: 5, frequency: 5}
          - {name: Rest, recency: 1-3}
        """
      ])
    let error = #expect(throws: SettingsError.self) { try Settings.load(directory: dir) }
    let message = error?.message ?? ""
    #expect(message.contains("Top") && message.contains("Also Top"))  // overlap at R5 F5
    #expect(message.contains("uncovered"))  // R4-5 with F1-3 is not covered
  }

  /// Loading files needs only the `ingest:` section: a directory without segment schemes will do,
  /// but a misspelt key anywhere in the file, or a negative threshold, is still an error.
  @Test func ingestSettingsAloneNeedNoSchemes() throws {
    func ingest(_ text: String) throws -> String { try ProjectFiles.temporaryConfig("ingest:\n  \(text)\n") }
    let dir = try ingest("own_partition_min_sales_lines: 5000")
    #expect(try Settings.loadIngest(directory: dir).ownPartitionMinSalesLines == 5000)
    #expect(throws: SettingsError.self) { try Settings.load(directory: dir) }  // the models need the schemes
    let negative = #expect(throws: SettingsError.self) {
      try Settings.loadIngest(directory: try ingest("own_partition_min_sales_lines: -1"))
    }
    #expect(negative?.message.contains("ingest.own_partition_min_sales_lines") == true)
    let misspelt = #expect(throws: SettingsError.self) {
      try Settings.loadIngest(directory: try ingest("own_partition_min_sales_line: 5"))
    }
    #expect(misspelt?.message.contains("own_partition_min_sales_line") == true)
    // Without basket360.yml: the defaults.
    try FileManager.default.removeItem(atPath: dir + "/basket360.yml")
    #expect(try Settings.loadIngest(directory: dir).ownPartitionMinSalesLines == 100_000)
  }

  @Test func aMisspeltSettingIsAnError() throws {
    let dir = try ProjectFiles.temporaryConfig("clv:\n  horizon_month: 6\n")
    let error = #expect(throws: SettingsError.self) { try Settings.load(directory: dir) }
    #expect(error?.message.contains("clv.horizon_month") == true)
  }
}
