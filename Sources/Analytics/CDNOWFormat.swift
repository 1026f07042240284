/// Parser for the CDNOW sample text format (pure: takes the file contents as a string).
///
/// Each non-empty line holds five whitespace-separated fields: master id, sample id, date `YYYYMMDD`,
/// number of CDs, dollar value. The sample id (1...2357) is used as the customer id.
public enum CDNOWFormat {
    /// A malformed line, with its 1-based line number.
    public struct ParseError: Error, Sendable, Equatable {
        /// 1-based line number.
        public var line: Int
        /// What was wrong.
        public var reason: String
    }

    /// Parses all lines; throws on the first malformed line.
    public static func parse(_ text: String) throws(ParseError) -> [TransactionRecord] {
        var records: [TransactionRecord] = []
        var lineNumber = 0
        // Split on Character.isNewline: "\r\n" is a single Character in Swift (the sample file uses CRLF).
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = line.split(whereSeparator: \.isWhitespace)
            if fields.isEmpty { continue }
            guard fields.count >= 5 else { throw ParseError(line: lineNumber, reason: "expected 5 fields") }
            guard let id = Int(fields[1]) else { throw ParseError(line: lineNumber, reason: "bad sample id") }
            guard let date = CivilDate(yyyymmdd: fields[2]) else { throw ParseError(line: lineNumber, reason: "bad date") }
            guard let quantity = Double(fields[3]), let amount = Double(fields[4]) else {
                throw ParseError(line: lineNumber, reason: "bad number")
            }
            records.append(TransactionRecord(customerID: id, day: date.dayNumber, quantity: quantity, amount: amount))
        }
        return records
    }
}
