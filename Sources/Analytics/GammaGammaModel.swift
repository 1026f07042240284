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
    /// Summed over customers, the lnΓ/ψ terms are computed once per distinct x, the terms in ln m and ln x
    /// come from sums stored in `GammaGammaData`, and each row costs one log and one division.
    /// No heap allocation; `gradient` must hold 3 elements. +∞ for non-positive parameters.
    public static func negativeLogLikelihood(_ values: [Double], data: GammaGammaData, gradient: inout [Double]) -> Double {
        let p = values[0], q = values[1], g = values[2]
        guard p > 0, q > 0, g > 0 else {
            for i in 0..<3 { gradient[i] = .nan }
            return .infinity
        }
        let lgQ = SpecialFunctions.logGamma(q), lnG = log(g), psiQ = SpecialFunctions.digamma(q)
        let sw = data.sumWeight
        var ll = sw * (q * lnG - lgQ) + p * (data.sumWXLogSpend + data.sumWXLogX) - data.sumWLogSpend
        var dp = data.sumWXLogSpend + data.sumWXLogX
        var dq = sw * (lnG - psiQ)
        var dg = sw * q / g
        data.sortedSpend.withUnsafeBufferPointer { ms in
            data.sortedWeight.withUnsafeBufferPointer { ws in
                for group in data.groups {
                    let x = group.x, gw = group.weight
                    let px = p * x, pxq = px + q
                    // Σ w ln(γ + m x) and Σ w / (γ + m x) over the group.
                    var sumLn = 0.0, sumInv = 0.0
                    for i in group.start..<group.end {
                        let gmx = g + ms[i] * x, w = ws[i]
                        sumLn += w * log(gmx)
                        sumInv += w / gmx
                    }
                    let psiPXQ = SpecialFunctions.digamma(pxq)
                    ll += gw * (SpecialFunctions.logGamma(pxq) - SpecialFunctions.logGamma(px)) - pxq * sumLn
                    dp += x * (gw * (psiPXQ - SpecialFunctions.digamma(px)) - sumLn)
                    dq += gw * psiPXQ - sumLn
                    dg -= pxq * sumInv
                }
            }
        }
        gradient[0] = -dp
        gradient[1] = -dq
        gradient[2] = -dg
        return -ll
    }

    /// Analytic Hessian of the negative log-likelihood w.r.t. (p, q, γ), row-major 3×3; nil for
    /// non-positive parameters. Per customer, of the log-likelihood: (p,p) x²[ψ₁(px+q) − ψ₁(px)],
    /// (p,q) x ψ₁(px+q), (p,γ) −x/(γ+mx), (q,q) ψ₁(px+q) − ψ₁(q), (q,γ) 1/γ − 1/(γ+mx),
    /// (γ,γ) −q/γ² + (px+q)/(γ+mx)².
    public static func negativeLogLikelihoodHessian(_ values: [Double], data: GammaGammaData) -> [[Double]]? {
        guard values.count == 3 else { return nil }
        let p = values[0], q = values[1], g = values[2]
        guard p > 0, q > 0, g > 0 else { return nil }
        let sw = data.sumWeight
        let tgQ = SpecialFunctions.trigamma(q)
        var hpp = 0.0, hpq = 0.0, hpg = 0.0, hqq = -sw * tgQ, hqg = sw / g, hgg = -sw * q / (g * g)
        for group in data.groups {
            let x = group.x, gw = group.weight
            let px = p * x, pxq = px + q
            var sumInv = 0.0, sumInv2 = 0.0
            for i in group.start..<group.end {
                let inv = 1 / (g + data.sortedSpend[i] * x), w = data.sortedWeight[i]
                sumInv += w * inv
                sumInv2 += w * inv * inv
            }
            let tgPXQ = SpecialFunctions.trigamma(pxq)
            hpp += gw * x * x * (tgPXQ - SpecialFunctions.trigamma(px))
            hpq += gw * x * tgPXQ
            hpg -= x * sumInv
            hqq += gw * tgPXQ
            hqg -= sumInv
            hgg += pxq * sumInv2
        }
        return [[-hpp, -hpq, -hpg], [-hpq, -hqq, -hqg], [-hpg, -hqg, -hgg]]
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
        let covariance = ParameterCovariance(at: report.parameters, names: GammaGammaParameters.names,
                                             analyticHessian: negativeLogLikelihoodHessian(report.parameters, data: data)) { p, g in
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
