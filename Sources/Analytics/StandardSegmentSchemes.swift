/// The two standard segment schemes shipped as data (to be moved to YAML config later).
extension SegmentScheme {
    /// Classic 11-segment R/F map (monetary ignored), the widely used R/F-score rule set:
    ///
    /// | Segment | R | F |
    /// |---|---|---|
    /// | Champions | 5 | 4-5 |
    /// | Loyal Customers | 3-4 | 4-5 |
    /// | Potential Loyalist | 4-5 | 2-3 |
    /// | New Customers | 5 | 1 |
    /// | Promising | 4 | 1 |
    /// | Need Attention | 3 | 3 |
    /// | About To Sleep | 3 | 1-2 |
    /// | At Risk | 1-2 | 3-4 |
    /// | Cannot Lose Them | 1-2 | 5 |
    /// | Hibernating | 2 | 1-2 |
    /// | Lost | 1 | 1-2 |
    public static let classic = SegmentScheme(name: "classic-11", rules: [
        SegmentRule(name: "Champions", recency: ScoreRange(5), frequency: ScoreRange(4, 5)),
        SegmentRule(name: "Loyal Customers", recency: ScoreRange(3, 4), frequency: ScoreRange(4, 5)),
        SegmentRule(name: "Potential Loyalist", recency: ScoreRange(4, 5), frequency: ScoreRange(2, 3)),
        SegmentRule(name: "New Customers", recency: ScoreRange(5), frequency: ScoreRange(1)),
        SegmentRule(name: "Promising", recency: ScoreRange(4), frequency: ScoreRange(1)),
        SegmentRule(name: "Need Attention", recency: ScoreRange(3), frequency: ScoreRange(3)),
        SegmentRule(name: "About To Sleep", recency: ScoreRange(3), frequency: ScoreRange(1, 2)),
        SegmentRule(name: "At Risk", recency: ScoreRange(1, 2), frequency: ScoreRange(3, 4)),
        SegmentRule(name: "Cannot Lose Them", recency: ScoreRange(1, 2), frequency: ScoreRange(5)),
        SegmentRule(name: "Hibernating", recency: ScoreRange(2), frequency: ScoreRange(1, 2)),
        SegmentRule(name: "Lost", recency: ScoreRange(1), frequency: ScoreRange(1, 2)),
    ])

    /// Four coarse groups:
    ///
    /// | Group | R | F | M |
    /// |---|---|---|---|
    /// | Dormant | 1-2 | any | any |
    /// | High-Value | 3-5 | any | 4-5 |
    /// | Frequent Buyers | 3-5 | 4-5 | 1-3 |
    /// | New/Regular | 3-5 | 1-3 | 1-3 |
    public static let fourGroups = SegmentScheme(name: "four-groups", rules: [
        SegmentRule(name: "High-Value", recency: ScoreRange(3, 5), frequency: .any, monetary: ScoreRange(4, 5)),
        SegmentRule(name: "Frequent Buyers", recency: ScoreRange(3, 5), frequency: ScoreRange(4, 5),
                    monetary: ScoreRange(1, 3)),
        SegmentRule(name: "Dormant", recency: ScoreRange(1, 2), frequency: .any, monetary: .any),
        SegmentRule(name: "New/Regular", recency: ScoreRange(3, 5), frequency: ScoreRange(1, 3),
                    monetary: ScoreRange(1, 3)),
    ])
}
