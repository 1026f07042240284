/// How the proportions of a top-down reconciliation are estimated (fpp3 §11.2).
public enum ReconciliationMethod: Sendable, Hashable {
    /// p_j = (1/T) Σ_t y_{j,t} / y_t — the average of the historical proportions (periods with y_t = 0 skipped).
    case averageHistoricalProportions
    /// p_j = Σ_t y_{j,t} / Σ_t y_t — the proportion of the historical averages.
    case proportionsOfHistoricalAverages
}
