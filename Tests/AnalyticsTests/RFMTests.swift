import Foundation
import Testing
@testable import Analytics

/// Ten hand-made customers; every score below was worked out by hand from the documented rule
/// (order by value, ties by id; score = ⌈5k/n⌉ = ⌈k/2⌉; recency ordered by days descending).
private let customers: [RFMCustomer] = [
    RFMCustomer(customerID: 1, recencyDays: 5, frequency: 10, monetary: 500),
    RFMCustomer(customerID: 2, recencyDays: 200, frequency: 1, monetary: 20),
    RFMCustomer(customerID: 3, recencyDays: 30, frequency: 4, monetary: 120),
    RFMCustomer(customerID: 4, recencyDays: 30, frequency: 4, monetary: 80),
    RFMCustomer(customerID: 5, recencyDays: 400, frequency: 8, monetary: 900),
    RFMCustomer(customerID: 6, recencyDays: 10, frequency: 2, monetary: 60),
    RFMCustomer(customerID: 7, recencyDays: 90, frequency: 6, monetary: 300),
    RFMCustomer(customerID: 8, recencyDays: 150, frequency: 1, monetary: 15),
    RFMCustomer(customerID: 9, recencyDays: 60, frequency: 3, monetary: 200),
    RFMCustomer(customerID: 10, recencyDays: 2, frequency: 1, monetary: 40),
]

/// id → (R, F, M, classic segment, four-group segment)
private let expected: [Int: (Int, Int, Int, String, String)] = [
    1: (5, 5, 5, "Champions", "High-Value"),
    2: (1, 1, 1, "Lost", "Dormant"),
    3: (3, 3, 3, "Need Attention", "New/Regular"),     // recency tie with id 4: lower id → lower score
    4: (4, 4, 3, "Loyal Customers", "Frequent Buyers"), // frequency tie with id 3: higher id → higher score
    5: (1, 5, 5, "Cannot Lose Them", "Dormant"),
    6: (4, 2, 2, "Potential Loyalist", "New/Regular"),
    7: (2, 4, 4, "At Risk", "Dormant"),
    8: (2, 1, 1, "Hibernating", "Dormant"),
    9: (3, 3, 4, "Need Attention", "High-Value"),
    10: (5, 2, 2, "Potential Loyalist", "New/Regular"),
]

@Suite("RFM scoring and segment schemes")
struct RFMTests {
    @Test("Every score and segment of the hand-made fixture")
    func handMadeFixture() throws {
        let result = RFMScorer.score(customers)
        #expect(result.scores.map(\.customerID) == customers.map(\.customerID))
        for score in result.scores {
            let e = try #require(expected[score.customerID])
            #expect(score.cell == RFMCell(recency: e.0, frequency: e.1, monetary: e.2), "customer \(score.customerID)")
            #expect(SegmentScheme.classic.segment(for: score.cell) == e.3, "classic, customer \(score.customerID)")
            #expect(SegmentScheme.fourGroups.segment(for: score.cell) == e.4, "four, customer \(score.customerID)")
        }
    }

    @Test("Cut points (bands) are reported per score")
    func bands() {
        let result = RFMScorer.score(customers)
        #expect(result.recencyBands == [
            ScoreBand(score: 1, minValue: 200, maxValue: 400, count: 2),
            ScoreBand(score: 2, minValue: 90, maxValue: 150, count: 2),
            ScoreBand(score: 3, minValue: 30, maxValue: 60, count: 2),
            ScoreBand(score: 4, minValue: 10, maxValue: 30, count: 2),
            ScoreBand(score: 5, minValue: 2, maxValue: 5, count: 2),
        ])
        #expect(result.frequencyBands.map(\.maxValue) == [1, 2, 4, 6, 10])
        #expect(result.monetaryBands.map(\.minValue) == [15, 40, 80, 200, 500])
    }

    @Test("Scores are independent of input order and balanced for uneven n")
    func deterministic() {
        let shuffled = RFMScorer.score(customers.reversed())
        let original = RFMScorer.score(customers)
        let a = Dictionary(uniqueKeysWithValues: shuffled.scores.map { ($0.customerID, $0.cell) })
        let b = Dictionary(uniqueKeysWithValues: original.scores.map { ($0.customerID, $0.cell) })
        #expect(a == b)
        let seven = (1...7).map { RFMCustomer(customerID: $0, recencyDays: 1, frequency: 1, monetary: 1) }
        // All values tied: scores follow the id order, ⌈5k/7⌉ = 1,2,3,3,4,5,5.
        #expect(RFMScorer.score(seven).scores.map(\.cell.frequency) == [1, 2, 3, 3, 4, 5, 5])
        #expect(RFMScorer.score(seven).scores.map(\.cell.recency) == [1, 2, 3, 3, 4, 5, 5])
    }

    @Test("Both standard schemes cover all 125 cells exactly once")
    func standardSchemesValid() {
        #expect(SegmentScheme.classic.validate().isValid, "\(SegmentScheme.classic.validate())")
        #expect(SegmentScheme.fourGroups.validate().isValid, "\(SegmentScheme.fourGroups.validate())")
        #expect(SegmentScheme.classic.segmentNames.count == 11)
        #expect(SegmentScheme.fourGroups.segmentNames == ["High-Value", "Frequent Buyers", "Dormant", "New/Regular"])
    }

    @Test("Classic map: one representative cell per segment")
    func classicCells() {
        let cells: [(Int, Int, String)] = [
            (5, 5, "Champions"), (3, 4, "Loyal Customers"), (4, 3, "Potential Loyalist"), (5, 1, "New Customers"),
            (4, 1, "Promising"), (3, 3, "Need Attention"), (3, 2, "About To Sleep"), (2, 4, "At Risk"),
            (1, 5, "Cannot Lose Them"), (2, 2, "Hibernating"), (1, 1, "Lost"),
        ]
        for (r, f, name) in cells {
            for m in 1...5 {
                #expect(SegmentScheme.classic.segment(for: RFMCell(recency: r, frequency: f, monetary: m)) == name)
            }
        }
    }

    @Test("Validator reports a gap and an overlap by cell and rule name")
    func validatorCatchesProblems() {
        var rules = SegmentScheme.classic.rules
        rules.removeAll { $0.name == "Lost" }                      // gap: R1 F1-2
        rules.append(SegmentRule(name: "VIP", recency: ScoreRange(5), frequency: ScoreRange(5),
                                 monetary: ScoreRange(5)))          // overlap with Champions at R5F5M5
        let report = SegmentScheme(name: "broken", rules: rules).validate()
        #expect(!report.isValid)
        #expect(report.uncovered.count == 10)
        #expect(report.uncovered.allSatisfy { $0.recency == 1 && $0.frequency <= 2 })
        #expect(report.overlaps.count == 1)
        #expect(report.overlaps.first?.cell == RFMCell(recency: 5, frequency: 5, monetary: 5))
        #expect(report.overlaps.first?.ruleNames == ["Champions", "VIP"])
        #expect(report.description.contains("R1F1M1"))
        #expect(report.description.contains("overlap R5F5M5: Champions, VIP"))

        let invalid = SegmentScheme(name: "bad", rules: [SegmentRule(name: "Oops", recency: ScoreRange(4, 2),
                                                                    frequency: .any)]).validate()
        #expect(invalid.invalidRules == ["Oops"])
    }

    @Test("Rules are Codable; a missing monetary range means any")
    func codable() throws {
        let data = try JSONEncoder().encode(SegmentScheme.fourGroups)
        let decoded = try JSONDecoder().decode(SegmentScheme.self, from: data)
        #expect(decoded == SegmentScheme.fourGroups)
        let json = #"{"name":"Lost","recency":{"min":1,"max":1},"frequency":{"min":1,"max":2}}"#
        let rule = try JSONDecoder().decode(SegmentRule.self, from: Data(json.utf8))
        #expect(rule.monetary == .any)
        #expect(rule == SegmentRule(name: "Lost", recency: ScoreRange(1), frequency: ScoreRange(1, 2)))
    }
}
