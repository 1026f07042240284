/// Raw RFM inputs for one customer.
public struct RFMCustomer: Sendable, Hashable, Codable {
    /// Customer identifier (also the deterministic tie-breaker).
    public var customerID: Int
    /// Days since the last purchase (smaller = more recent).
    public var recencyDays: Double
    /// Number of purchases (or transaction days).
    public var frequency: Double
    /// Monetary value (total or average spend).
    public var monetary: Double

    /// Creates an input row.
    public init(customerID: Int, recencyDays: Double, frequency: Double, monetary: Double) {
        self.customerID = customerID
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
    }
}
