/// Per-customer calibration summary: the BG/NBD sufficient statistics plus average repeat spend.
public struct CustomerHistory: Sendable, Hashable, Codable {
    /// Customer identifier.
    public var customerID: Int
    /// x: number of repeat transactions (distinct purchase days after the first) in calibration.
    public var frequency: Int
    /// t_x: time from first to last calibration purchase, in model time units.
    public var recency: Double
    /// T: time from first purchase to the end of calibration, in model time units.
    public var age: Double
    /// Mean value of the x repeat transactions (each a day's summed spend); 0 when x = 0.
    public var averageRepeatValue: Double
    /// Day number of the first purchase.
    public var firstDay: Int
    /// Day number of the last purchase in calibration.
    public var lastDay: Int

    /// Creates a summary row.
    public init(customerID: Int, frequency: Int, recency: Double, age: Double, averageRepeatValue: Double,
                firstDay: Int, lastDay: Int) {
        self.customerID = customerID
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.averageRepeatValue = averageRepeatValue
        self.firstDay = firstDay
        self.lastDay = lastDay
    }
}
