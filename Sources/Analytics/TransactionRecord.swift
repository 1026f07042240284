/// One purchase line: who bought, on which calendar day, how many units, for how much.
public struct TransactionRecord: Sendable, Hashable, Codable {
    /// Customer identifier.
    public var customerID: Int
    /// Day number (days since 1970-01-01, proleptic Gregorian), see `CivilDate`.
    public var day: Int
    /// Number of units (e.g. CDs).
    public var quantity: Double
    /// Monetary value of the line.
    public var amount: Double

    /// Creates a record.
    public init(customerID: Int, day: Int, quantity: Double, amount: Double) {
        self.customerID = customerID
        self.day = day
        self.quantity = quantity
        self.amount = amount
    }
}
