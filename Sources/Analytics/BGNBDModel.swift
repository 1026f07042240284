import Foundation

/// The BG/NBD model of Fader, Hardie & Lee (2005): likelihood, fitting and customer-level predictions.
public struct BGNBDModel: Sendable, Hashable, Codable {
    /// Model parameters.
    public var parameters: BGNBDParameters

    /// Wraps a parameter set.
    public init(parameters: BGNBDParameters) {
        self.parameters = parameters
    }

    // MARK: Likelihood

    /// Negative log-likelihood of compressed data and its gradient with respect to (r, α, a, b).
    ///
    /// Per row (Hardie's note 004, eq. 6 of the paper):
    /// LL = lnΓ(r+x) − lnΓ(r) + r ln α + lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x)
    ///      + ln[(α+T)^−(r+x) + 1{x>0} a/(b+x−1) (α+t_x)^−(r+x)],
    /// evaluated with log-sum-exp. No heap allocation: `gradient` must already hold 4 elements.
    /// Returns +∞ for non-positive parameters.
    public static func negativeLogLikelihood(_ values: [Double], data: BGNBDData, gradient: inout [Double]) -> Double {
        let r = values[0], alpha = values[1], a = values[2], b = values[3]
        guard r > 0, alpha > 0, a > 0, b > 0 else {
            for i in 0..<4 { gradient[i] = .nan }
            return .infinity
        }
        let lnAlpha = log(alpha), lnA = log(a)
        let lgR = SpecialFunctions.logGamma(r), lgB = SpecialFunctions.logGamma(b), lgAB = SpecialFunctions.logGamma(a + b)
        let psiR = SpecialFunctions.digamma(r), psiB = SpecialFunctions.digamma(b)
        let psiAB = SpecialFunctions.digamma(a + b)
        var ll = 0.0, dr = 0.0, dAlpha = 0.0, da = 0.0, db = 0.0
        data.frequency.withUnsafeBufferPointer { xs in
            data.recency.withUnsafeBufferPointer { txs in
                data.age.withUnsafeBufferPointer { ts in
                    data.weight.withUnsafeBufferPointer { ws in
                        for i in 0..<xs.count {
                            let x = xs[i], w = ws[i]
                            let rx = r + x
                            let alphaT = alpha + ts[i]
                            let lnAT = log(alphaT)
                            let l1 = -rx * lnAT
                            if x == 0 {
                                ll += w * (r * lnAlpha + l1)
                                dr += w * (lnAlpha - lnAT)
                                dAlpha += w * (r / alpha - rx / alphaT)
                                continue
                            }
                            let alphaTx = alpha + txs[i]
                            let lnATx = log(alphaTx)
                            let bx1 = b + x - 1
                            let l2 = lnA - log(bx1) - rx * lnATx
                            let m = max(l1, l2)
                            let e1 = exp(l1 - m), e2 = exp(l2 - m)
                            let s = e1 + e2
                            let w1 = e1 / s, w2 = e2 / s
                            let psiABx = SpecialFunctions.digamma(a + b + x)
                            let lgRx: Double = SpecialFunctions.logGamma(rx) - lgR
                            let lgBeta: Double = lgAB + SpecialFunctions.logGamma(b + x) - lgB
                                - SpecialFunctions.logGamma(a + b + x)
                            ll += w * (lgRx + r * lnAlpha + lgBeta + m + log(s))
                            dr += w * (SpecialFunctions.digamma(rx) - psiR + lnAlpha - w1 * lnAT - w2 * lnATx)
                            dAlpha += w * (r / alpha - rx * (w1 / alphaT + w2 / alphaTx))
                            da += w * (psiAB - psiABx + w2 / a)
                            db += w * (psiAB + SpecialFunctions.digamma(b + x) - psiB - psiABx - w2 / bx1)
                        }
                    }
                }
            }
        }
        gradient[0] = -dr
        gradient[1] = -dAlpha
        gradient[2] = -da
        gradient[3] = -db
        return -ll
    }

    /// Log-likelihood of the data at these parameters.
    public func logLikelihood(_ data: BGNBDData) -> Double {
        var g = [Double](repeating: 0, count: 4)
        return -Self.negativeLogLikelihood(parameters.values, data: data, gradient: &g)
    }

    // MARK: Fitting

    /// Default starting points, scaled by the mean customer age so α starts on the right time scale.
    public static func defaultStartingPoints(for data: BGNBDData) -> [[Double]] {
        var sum = 0.0
        for i in 0..<data.count { sum += data.age[i] * data.weight[i] }
        let meanAge = max(sum / max(data.totalWeight, 1), 1e-6)
        return [
            [1, meanAge, 1, 1],
            [0.5, meanAge / 10, 0.5, 2],
            [2, meanAge * 2, 2, 5],
            [0.1, 1, 0.1, 0.1],
        ]
    }

    /// Maximum-likelihood fit; throws `FitError.didNotConverge` (with every attempt) if no start converges.
    public static func fit(_ data: BGNBDData, fitter: PositiveParameterFitter? = nil) throws(FitError) -> BGNBDFitResult {
        let chosen = fitter ?? PositiveParameterFitter(startingPoints: defaultStartingPoints(for: data))
        let report = chosen.fit { p, g in negativeLogLikelihood(p, data: data, gradient: &g) }
        guard report.converged, let params = BGNBDParameters(report.parameters) else {
            throw .didNotConverge(report)
        }
        let covariance = ParameterCovariance(at: report.parameters, names: BGNBDParameters.names) { p, g in
            negativeLogLikelihood(p, data: data, gradient: &g)
        }
        return BGNBDFitResult(model: BGNBDModel(parameters: params), logLikelihood: -report.value,
                              report: report, covariance: covariance)
    }

    // MARK: Predictions

    /// P(alive | x, t_x, T) (Hardie's note 021); 1 when x = 0.
    public func probabilityAlive(frequency x: Int, recency tx: Double, age t: Double) -> Double {
        guard x > 0 else { return 1 }
        let p = parameters
        let xd = Double(x)
        let logRatio = log(p.a) - log(p.b + xd - 1) + (p.r + xd) * (log(p.alpha + t) - log(p.alpha + tx))
        return 1 / (1 + exp(logRatio))
    }

    /// E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T+t] (paper eq. 10). NaN if ₂F₁ fails.
    public func conditionalExpectedPurchases(_ t: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double {
        guard t > 0 else { return 0 }
        let p = parameters
        let xd = Double(x)
        let z = t / (p.alpha + T + t)
        let hyp = Hypergeometric2F1.evaluate(a: p.r + xd, b: p.b + xd, c: p.a + p.b + xd - 1, z: z)
        let decay = exp((p.r + xd) * (log(p.alpha + T) - log(p.alpha + T + t)))
        let numerator = (p.a + p.b + xd - 1) / (p.a - 1) * (1 - decay * hyp)
        var denominator = 1.0
        if x > 0 {
            denominator += p.a / (p.b + xd - 1) * exp((p.r + xd) * (log(p.alpha + T) - log(p.alpha + tx)))
        }
        return numerator / denominator
    }

    /// E[X(t)]: expected repeat purchases of a new customer in (0, t] (paper eq. 9).
    public func expectedPurchases(_ t: Double) -> Double {
        guard t > 0 else { return 0 }
        let p = parameters
        let hyp = Hypergeometric2F1.evaluate(a: p.r, b: p.b, c: p.a + p.b - 1, z: t / (p.alpha + t))
        return (p.a + p.b - 1) / (p.a - 1) * (1 - exp(p.r * (log(p.alpha) - log(p.alpha + t))) * hyp)
    }
}
