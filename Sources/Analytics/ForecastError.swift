/// Errors raised by the forecasting models, the backtest and the aggregation helpers.
public enum ForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The series is too short for the requested model (`needed` observations, `got` available).
    case insufficientData(needed: Int, got: Int)
    /// The input is unusable (non-finite values, non-positive data for a multiplicative model, …).
    case invalidInput(String)
    /// No candidate model could be fitted.
    case noAdmissibleModel

    /// Readable description.
    public var description: String {
        switch self {
        case .insufficientData(let needed, let got): return "insufficient data: need \(needed) observations, got \(got)"
        case .invalidInput(let why): return "invalid input: \(why)"
        case .noAdmissibleModel: return "no admissible forecasting model"
        }
    }
}
