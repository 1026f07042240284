import Foundation

/// The Gamma-Gamma model of average transaction value (Fader, Hardie & Lee 2005; Hardie's note 025).
public struct GammaGammaModel: Sendable, Hashable, Codable {
    /// Model parameters.
    public var parameters: GammaGammaParameters

    /// Wraps a parameter set.
    public init(parameters: GammaGammaParameters) {
        self.parameters = parameters
    }

    /// Negative log-likelihood and gradient w.r.t. (p, q, γ). Per customer (note 025, eq. 1a):
    /// LL = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x).
    /// No heap allocation; `gradient` must hold 3 elements. +∞ for non-positive parameters.
    public static func negativeLogLikelihood(_ values: [Double], data: GammaGammaData, gradient: inout [Double]) -> Double {
        let p = values[0], q = values[1], g = values[2]
        guard p > 0, q > 0, g > 0 else {
            for i in 0..<3 { gradient[i] = .nan }
            return .infinity
        }
        let lgQ = SpecialFunctions.logGamma(q), lnG = log(g), psiQ = SpecialFunctions.digamma(q)
        var ll = 0.0, dp = 0.0, dq = 0.0, dg = 0.0
        data.frequency.withUnsafeBufferPointer { xs in
            data.averageSpend.withUnsafeBufferPointer { ms in
                data.weight.withUnsafeBufferPointer { ws in
                    for i in 0..<xs.count {
                        let x = xs[i], m = ms[i], w = ws[i]
                        let px = p * x
                        let lnM = log(m), lnX = log(x)
                        let lnGMX = log(g + m * x)
                        let psiPXQ = SpecialFunctions.digamma(px + q)
                        let gammaTerms: Double = SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - lgQ
                        let powerTerms: Double = q * lnG + (px - 1) * lnM + px * lnX - (px + q) * lnGMX
                        ll += w * (gammaTerms + powerTerms)
                        dp += w * x * (psiPXQ - SpecialFunctions.digamma(px) + lnM + lnX - lnGMX)
                        dq += w * (psiPXQ - psiQ + lnG - lnGMX)
                        dg += w * (q / g - (px + q) / (g + m * x))
                    }
                }
            }
        }
        gradient[0] = -dp
        gradient[1] = -dq
        gradient[2] = -dg
        return -ll
    }

    /// Log-likelihood of the data at these parameters.
    public func logLikelihood(_ data: GammaGammaData) -> Double {
        var g = [Double](repeating: 0, count: 3)
        return -Self.negativeLogLikelihood(parameters.values, data: data, gradient: &g)
    }

    /// Default starting points, scaled by the mean observed spend.
    public static func defaultStartingPoints(for data: GammaGammaData) -> [[Double]] {
        var sum = 0.0, total = 0.0
        for i in 0..<data.count {
            sum += data.averageSpend[i] * data.weight[i]
            total += data.weight[i]
        }
        let mean = max(sum / max(total, 1), 1e-6)
        return [[1, 1, 1], [2, 2, mean / 2], [5, 3, mean / 3], [0.5, 5, mean * 4]]
    }

    /// Maximum-likelihood fit; throws `FitError.didNotConverge` (with every attempt) if no start converges.
    public static func fit(_ data: GammaGammaData, fitter: PositiveParameterFitter? = nil) throws(FitError) -> GammaGammaFitResult {
        let chosen = fitter ?? PositiveParameterFitter(startingPoints: defaultStartingPoints(for: data))
        let report = chosen.fit { p, g in negativeLogLikelihood(p, data: data, gradient: &g) }
        guard report.converged, let params = GammaGammaParameters(report.parameters) else {
            throw .didNotConverge(report)
        }
        let covariance = ParameterCovariance(at: report.parameters, names: GammaGammaParameters.names) { p, g in
            negativeLogLikelihood(p, data: data, gradient: &g)
        }
        return GammaGammaFitResult(model: GammaGammaModel(parameters: params), logLikelihood: -report.value,
                                   report: report, covariance: covariance)
    }

    /// E[M | p, q, γ, m_x, x] = p(γ + m_x x)/(px + q − 1) (note 025, eq. 5); with x = 0 the population mean pγ/(q−1).
    public func conditionalExpectedAverageSpend(frequency x: Int, averageSpend m: Double) -> Double {
        let par = parameters
        let xd = Double(x)
        return par.p * (par.gamma + m * xd) / (par.p * xd + par.q - 1)
    }

    /// Population mean transaction value pγ/(q − 1) (infinite when q ≤ 1).
    public var populationMeanSpend: Double {
        let par = parameters
        return par.q > 1 ? par.p * par.gamma / (par.q - 1) : .infinity
    }
}
