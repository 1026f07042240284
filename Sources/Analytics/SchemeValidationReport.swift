/// Result of checking that a segment scheme covers every (R, F, M) cell exactly once.
public struct SchemeValidationReport: Sendable, Hashable, CustomStringConvertible {
    /// A cell matched by more than one rule.
    public struct Overlap: Sendable, Hashable {
        /// The cell.
        public var cell: RFMCell
        /// Names of all rules matching it, in rule order.
        public var ruleNames: [String]
    }

    /// Cells no rule matches.
    public var uncovered: [RFMCell]
    /// Cells matched by two or more rules.
    public var overlaps: [Overlap]
    /// Names of rules whose ranges are empty or outside 1...5.
    public var invalidRules: [String]

    /// True when there are no gaps, overlaps or invalid rules.
    public var isValid: Bool { uncovered.isEmpty && overlaps.isEmpty && invalidRules.isEmpty }

    /// Readable listing of the problems, e.g. "uncovered: R1F1M1; overlap R5F5M1: Champions, Loyal".
    public var description: String {
        if isValid { return "valid" }
        var parts: [String] = []
        if !invalidRules.isEmpty { parts.append("invalid rules: " + invalidRules.joined(separator: ", ")) }
        if !uncovered.isEmpty { parts.append("uncovered: " + uncovered.map(\.description).joined(separator: ", ")) }
        for o in overlaps { parts.append("overlap \(o.cell): " + o.ruleNames.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
