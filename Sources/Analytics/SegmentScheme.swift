/// A named list of segment rules mapping RFM cells to segment names (Codable, for config files).
public struct SegmentScheme: Sendable, Hashable, Codable {
    /// Scheme name.
    public var name: String
    /// Rules, checked in order.
    public var rules: [SegmentRule]

    /// Creates a scheme.
    public init(name: String, rules: [SegmentRule]) {
        self.name = name
        self.rules = rules
    }

    /// Checks every cell of 1...5³ is matched by exactly one rule, and every rule range is valid.
    public func validate() -> SchemeValidationReport {
        var uncovered: [RFMCell] = []
        var overlaps: [SchemeValidationReport.Overlap] = []
        for cell in RFMCell.all {
            let matching = rules.filter { $0.matches(cell) }.map(\.name)
            if matching.isEmpty {
                uncovered.append(cell)
            } else if matching.count > 1 {
                overlaps.append(.init(cell: cell, ruleNames: matching))
            }
        }
        let invalid = rules.filter { !($0.recency.isValid && $0.frequency.isValid && $0.monetary.isValid) }.map(\.name)
        return SchemeValidationReport(uncovered: uncovered, overlaps: overlaps, invalidRules: invalid)
    }

    /// Name of the first rule matching the cell, nil if none.
    public func segment(for cell: RFMCell) -> String? {
        rules.first { $0.matches(cell) }?.name
    }

    /// Distinct segment names in rule order.
    public var segmentNames: [String] {
        var seen = Set<String>()
        return rules.map(\.name).filter { seen.insert($0).inserted }
    }
}
