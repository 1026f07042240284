/// Fits ETS candidates and chooses the one with the lowest AICc (Hyndman et al. 2008 §7.2).
///
/// A candidate is admissible when it can be fitted (seasonal forms need m > 1 and at least two full seasons,
/// multiplicative forms strictly positive data) and its AICc is finite (n > k + 1). Ties in AICc keep the
/// earlier, simpler candidate of the list.
public struct ETSModelSelector: Sendable {
    /// Specifications to try, simplest first.
    public var candidates: [ETSSpec]

    /// Creates a selector over `candidates` (default `ETSSpec.candidates`).
    public init(candidates: [ETSSpec] = ETSSpec.candidates) {
        self.candidates = candidates
    }

    /// Fits all admissible candidates and returns the AICc winner; throws `noAdmissibleModel` if none fits.
    public func select(_ series: [Double], seasonPeriod: Int) throws -> ETSSelection {
        var tried: [ETSSelection.Candidate] = []
        var best: ETSModel?
        for spec in candidates {
            do {
                let model = try ETSModel.fit(series, seasonPeriod: seasonPeriod, spec: spec)
                guard model.aicc.isFinite else {
                    tried.append(.init(spec: spec, aicc: nil, failure: "AICc not finite (n ≤ k + 1)"))
                    continue
                }
                tried.append(.init(spec: spec, aicc: model.aicc, failure: nil))
                if best.map({ model.aicc < $0.aicc }) ?? true { best = model }
            } catch {
                tried.append(.init(spec: spec, aicc: nil, failure: String(describing: error)))
            }
        }
        guard let model = best else { throw ForecastError.noAdmissibleModel }
        return ETSSelection(model: model, candidates: tried)
    }
}
