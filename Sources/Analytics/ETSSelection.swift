/// Outcome of an AICc model selection: the chosen model and how every candidate fared.
public struct ETSSelection: Sendable {
    /// One candidate specification and its AICc, or why it was not admissible.
    public struct Candidate: Sendable, Equatable {
        /// The specification tried.
        public var spec: ETSSpec
        /// AICc of the fitted candidate (nil when it could not be fitted).
        public var aicc: Double?
        /// Why the candidate was skipped or failed (nil when fitted).
        public var failure: String?
    }

    /// The candidate with the lowest finite AICc.
    public var model: ETSModel
    /// Every candidate in the order tried.
    public var candidates: [Candidate]
}
