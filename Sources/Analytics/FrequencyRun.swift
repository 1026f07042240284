/// A run of rows sharing one repeat-purchase count x, in data sorted by x: rows `start..<end`, total
/// weight `weight`. `BGNBDData` and `GammaGammaData` keep these so their likelihoods compute the special
/// functions that depend only on x once per distinct x.
struct FrequencyRun: Sendable, Equatable {
    var x: Double
    var start: Int
    var end: Int
    var weight: Double
}
