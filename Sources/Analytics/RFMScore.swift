/// Quintile scores of one customer.
public struct RFMScore: Sendable, Hashable, Codable {
    /// Customer identifier.
    public var customerID: Int
    /// Score cell (R, F, M).
    public var cell: RFMCell

    /// Creates a score.
    public init(customerID: Int, cell: RFMCell) {
        self.customerID = customerID
        self.cell = cell
    }
}
