/// Coherent point forecasts for a two-level hierarchy: a total and the groups that add up to it.
public struct ReconciledForecast: Sendable, Equatable {
    /// Forecasts of the total, per horizon.
    public var total: [Double]
    /// Forecasts of each group, per horizon; `groups[j][h]` summed over j equals `total[h]` (to rounding).
    public var groups: [[Double]]
}
