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
    /// evaluated with log-sum-exp. The terms that depend only on x (the lnΓ and ψ of r+x, b+x, a+b+x and
    /// ln(b+x−1)) are computed once per distinct x (`BGNBDData` keeps rows grouped by x) and multiplied by
    /// the group's weight; ln(α+T), ln(α+t_x) and their inverses once per distinct T and t_x (the data's
    /// value tables); the row loop only does the log-sum-exp. `gradient` must already hold 4 elements; the
    /// value tables are temporary allocations (on the stack when small). Returns +∞ for non-positive parameters.
    public static func negativeLogLikelihood(_ values: [Double], data: BGNBDData, gradient: inout [Double]) -> Double {
        let r = values[0], alpha = values[1], a = values[2], b = values[3]
        guard r > 0, alpha > 0, a > 0, b > 0 else {
            for i in 0..<4 { gradient[i] = .nan }
            return .infinity
        }
        let lnAlpha = log(alpha), lnA = log(a), invAlpha = 1 / alpha
        let lgR = SpecialFunctions.logGamma(r), lgB = SpecialFunctions.logGamma(b), lgAB = SpecialFunctions.logGamma(a + b)
        let psiR = SpecialFunctions.digamma(r), psiB = SpecialFunctions.digamma(b)
        let psiAB = SpecialFunctions.digamma(a + b)
        var ll = 0.0, dr = 0.0, dAlpha = 0.0, da = 0.0, db = 0.0
        let tTable = data.ageTable, txTable = data.recencyTable
        // ln(α+v) and 1/(α+v) once per distinct T and t_x, interleaved [ln, inv, ln, inv, …].
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * tTable.values.count) { tBuf in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * txTable.values.count) { txBuf in
        tTable.values.withUnsafeBufferPointer { tv in
        txTable.values.withUnsafeBufferPointer { txv in
        tTable.index.withUnsafeBufferPointer { tIdx in
        txTable.index.withUnsafeBufferPointer { txIdx in
        data.weight.withUnsafeBufferPointer { ws in
            for k in 0..<tv.count {
                let v = alpha + tv[k]
                tBuf[2 * k] = log(v)
                tBuf[2 * k + 1] = 1 / v
            }
            for k in 0..<txv.count {
                let v = alpha + txv[k]
                txBuf[2 * k] = log(v)
                txBuf[2 * k + 1] = 1 / v
            }
            for group in data.groups {
                let x = group.x, gw = group.weight
                let rx = r + x
                if x == 0 {
                    // LL = r ln α − r ln(α+T): Σ w ln(α+T) and Σ w/(α+T) are all that is needed.
                    var sumLn = 0.0, sumInv = 0.0
                    for i in group.start..<group.end {
                        let it = 2 * Int(tIdx[i]), w = ws[i]
                        sumLn += w * tBuf[it]
                        sumInv += w * tBuf[it + 1]
                    }
                    ll += gw * r * lnAlpha - r * sumLn
                    dr += gw * lnAlpha - sumLn
                    dAlpha += gw * r * invAlpha - r * sumInv
                    continue
                }
                let bx1 = b + x - 1
                let lnPrefix = lnA - log(bx1)
                // Row sums: Σ w·L, Σ w(w1 ln(α+T) + w2 ln(α+t_x)), Σ w(w1/(α+T) + w2/(α+t_x)), Σ w·w2,
                // where L = ln(e^l1 + e^l2) and (w1, w2) are the softmax weights of (l1, l2).
                var sumL = 0.0, sumLn = 0.0, sumInv = 0.0, sumW2 = 0.0
                for i in group.start..<group.end {
                    let w = ws[i]
                    let it = 2 * Int(tIdx[i]), itx = 2 * Int(txIdx[i])
                    let lnAT = tBuf[it], invAT = tBuf[it + 1]
                    let lnATx = txBuf[itx], invATx = txBuf[itx + 1]
                    let l1 = -rx * lnAT
                    let l2 = lnPrefix - rx * lnATx
                    let d = l2 - l1
                    let e = exp(-abs(d))
                    let onePlusE = 1 + e
                    let big = 1 / onePlusE, small = e * big
                    let w1 = d > 0 ? small : big
                    let w2 = d > 0 ? big : small
                    // log(1 + e) instead of log1p(e): e ≤ 1, so the absolute error is ≤ 1.2e−16 per row, and
                    // glibc's log is about twice as fast as its log1p.
                    sumL += w * (max(l1, l2) + log(onePlusE))
                    sumLn += w * (w1 * lnAT + w2 * lnATx)
                    sumInv += w * (w1 * invAT + w2 * invATx)
                    sumW2 += w * w2
                }
                let psiABx = SpecialFunctions.digamma(a + b + x)
                let lgX = SpecialFunctions.logGamma(rx) - lgR + lgAB + SpecialFunctions.logGamma(b + x) - lgB
                    - SpecialFunctions.logGamma(a + b + x)
                ll += gw * (lgX + r * lnAlpha) + sumL
                dr += gw * (SpecialFunctions.digamma(rx) - psiR + lnAlpha) - sumLn
                dAlpha += gw * r * invAlpha - rx * sumInv
                da += gw * (psiAB - psiABx) + sumW2 / a
                db += gw * (psiAB + SpecialFunctions.digamma(b + x) - psiB - psiABx) - sumW2 / bx1
            }
        }
        }
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

    /// Analytic Hessian of the negative log-likelihood with respect to (r, α, a, b), row-major 4×4;
    /// nil for non-positive parameters.
    ///
    /// With L = ln(e^l1 + e^l2) (l1 = −(r+x) ln(α+T), l2 = ln a − ln(b+x−1) − (r+x) ln(α+t_x)) and softmax
    /// weights w1, w2: ∇²L = w1 ∇²l1 + w2 ∇²l2 + w1 w2 (∇l1 − ∇l2)(∇l1 − ∇l2)ᵀ. The lnΓ terms contribute
    /// trigammas: ψ₁(r+x) − ψ₁(r) on (r, r), ψ₁(a+b) − ψ₁(a+b+x) on (a, a), (a, b), (b, a), and
    /// ψ₁(a+b) + ψ₁(b+x) − ψ₁(b) − ψ₁(a+b+x) on (b, b); r ln α adds 1/α on (r, α) and −r/α² on (α, α).
    public static func negativeLogLikelihoodHessian(_ values: [Double], data: BGNBDData) -> [[Double]]? {
        let r = values[0], alpha = values[1], a = values[2], b = values[3]
        guard values.count == 4, r > 0, alpha > 0, a > 0, b > 0 else { return nil }
        let lnA = log(a)
        let tgR = SpecialFunctions.trigamma(r), tgB = SpecialFunctions.trigamma(b)
        let tgAB = SpecialFunctions.trigamma(a + b)
        // h holds the Hessian of the log-likelihood (upper triangle used), negated at the end.
        var h = [Double](repeating: 0, count: 16)
        for group in data.groups {
            let x = group.x, gw = group.weight
            let rx = r + x
            // r ln α (every row; lnΓ(r+x) − lnΓ(r) vanishes for x = 0).
            h[0 * 4 + 1] += gw / alpha
            h[1 * 4 + 1] -= gw * r / (alpha * alpha)
            if x == 0 {
                for i in group.start..<group.end {
                    let w = data.weight[i], alphaT = alpha + data.age[i]
                    h[0 * 4 + 1] -= w / alphaT
                    h[1 * 4 + 1] += w * r / (alphaT * alphaT)
                }
                continue
            }
            let tgABx = SpecialFunctions.trigamma(a + b + x)
            h[0 * 4 + 0] += gw * (SpecialFunctions.trigamma(rx) - tgR)
            h[2 * 4 + 2] += gw * (tgAB - tgABx)
            h[2 * 4 + 3] += gw * (tgAB - tgABx)
            h[3 * 4 + 3] += gw * (tgAB + SpecialFunctions.trigamma(b + x) - tgB - tgABx)
            let bx1 = b + x - 1
            let lnPrefix = lnA - log(bx1)
            for i in group.start..<group.end {
                let w = data.weight[i]
                let alphaT = alpha + data.age[i], alphaTx = alpha + data.recency[i]
                let lnAT = log(alphaT), lnATx = log(alphaTx)
                let l1 = -rx * lnAT
                let l2 = lnPrefix - rx * lnATx
                let m = max(l1, l2)
                let e1 = exp(l1 - m), e2 = exp(l2 - m)
                let w1 = e1 / (e1 + e2), w2 = e2 / (e1 + e2)
                // ∇l1 − ∇l2 over (r, α, a, b).
                let diff = SIMD4<Double>(lnATx - lnAT, rx / alphaTx - rx / alphaT, -1 / a, 1 / bx1)
                h[0 * 4 + 1] += w * (-w1 / alphaT - w2 / alphaTx)
                h[1 * 4 + 1] += w * (w1 * rx / (alphaT * alphaT) + w2 * rx / (alphaTx * alphaTx))
                h[2 * 4 + 2] -= w * w2 / (a * a)
                h[3 * 4 + 3] += w * w2 / (bx1 * bx1)
                let ww = w * w1 * w2
                for j in 0..<4 {
                    for k in j..<4 { h[j * 4 + k] += ww * diff[j] * diff[k] }
                }
            }
        }
        var out = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for j in 0..<4 {
            for k in j..<4 {
                out[j][k] = -h[j * 4 + k]
                out[k][j] = -h[j * 4 + k]
            }
        }
        return out
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
        let covariance = ParameterCovariance(at: report.parameters, names: BGNBDParameters.names,
                                             analyticHessian: negativeLogLikelihoodHessian(report.parameters, data: data)) { p, g in
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
