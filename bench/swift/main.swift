// Benchmark driver for the numerical models (see bench/README.md).
//
//   basket360-bench clv-summary FILE [--repeats N] [--no-gamma-gamma]
//                               [--eval-bgnbd r,alpha,a,b] [--eval-gamma-gamma p,q,gamma]
//
// FILE is a CSV with a header naming (at least) the columns frequency, recency, T and monetary_value —
// the per-customer summary `lifetimes.utils.summary_data_from_transaction_data` produces. Other columns
// are ignored. Frequency may be written as a float ("2.0").
//
// It fits BG/NBD on every row and Gamma-Gamma on the rows with frequency ≥ 1 and monetary_value > 0,
// through the public API of the Analytics module only, and prints one JSON object on stdout:
// parameters, log-likelihood (sum over customers, no penalty), optimiser iterations/evaluations, and
// wall-clock times in seconds:
//   parse_s       reading and parsing the CSV
//   compress_s    BGNBDData(...) (grouping customers with the same (x, t_x, T)) and GammaGammaData(...)
//   bgnbd_fit_s   BGNBDModel.fit (multi-start BFGS + covariance from the Hessian)
//   gg_fit_s      GammaGammaModel.fit (same)
//   fit_s         compress_s + bgnbd_fit_s + gg_fit_s (the figure compared with lifetimes' fit calls)
//   total_s       from process start of work (before reading the file) to the end of the last fit
// With --repeats N the data preparation and fits are repeated N times in-process and the *_s figures
// are medians (the first parse is reported). --eval-* evaluate the Swift log-likelihood at given
// parameters (e.g. lifetimes' optimum) so both optima are compared with the same formula.
//
//   basket360-bench ll-profile FILE [EVALUATIONS]
//
// Fits once, then times EVALUATIONS (default 50) evaluations of the module's likelihood+gradient at the
// optimum (seconds per evaluation, ns per row) next to a bench-only per-row reference (the module's formula
// before the x-only special functions were cached per distinct x), compares their values and gradients,
// and compares the module's analytic Hessians with central differences of the gradient (at and off the MLE).
//
//   basket360-bench ets-series FILE [--horizon H] [--season M] [--repeats N] [--out FORECASTS.csv]
//
// FILE has a header line and one "id,v1,v2,…" line per series (the training window). For every series:
// ETSModel.fit(values, seasonPeriod: M) (AICc selection) and pointForecast(horizon: H), timed as one loop,
// N times (median). Prints JSON (times, chosen specifications); --out writes "id,spec,f1..fH".

import Analytics
import Foundation

// MARK: - Helpers

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Minimal JSON writer: keys in insertion order, non-finite numbers as null.
indirect enum JSON {
    case number(Double)
    case int(Int)
    case string(String)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])
    case null

    var text: String {
        switch self {
        case .number(let d): return d.isFinite ? "\(d)" : "null"
        case .int(let i): return "\(i)"
        case .string(let s):
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        case .bool(let b): return b ? "true" : "false"
        case .array(let xs): return "[" + xs.map(\.text).joined(separator: ",") + "]"
        case .object(let kv): return "{" + kv.map { JSON.string($0.0).text + ":" + $0.1.text }.joined(separator: ",") + "}"
        case .null: return "null"
        }
    }
}

// MARK: - CSV of per-customer summaries

struct Summaries {
    var frequency: [Int] = []
    var recency: [Double] = []
    var age: [Double] = []
    var monetary: [Double] = []
}

/// Reads the whole file and parses it with strtod (fields end at ',' / '\n', which strtod stops at).
func readSummaries(path: String) throws -> Summaries {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UsageError(description: "cannot read \(path)")
    }
    var bytes = [UInt8](data)
    bytes.append(0)
    return try bytes.withUnsafeMutableBufferPointer { buf -> Summaries in
        let base = buf.baseAddress!
        let n = buf.count - 1
        // Header.
        var pos = 0
        while pos < n && base[pos] != UInt8(ascii: "\n") { pos += 1 }
        let header = String(decoding: UnsafeBufferPointer(start: base, count: pos), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let names = header.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r ")) }
        func column(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw UsageError(description: "\(path): no column \(name) in header \(names)")
            }
            return i
        }
        let cx = try column("frequency"), ctx = try column("recency"), ct = try column("T")
        let cm = names.firstIndex(of: "monetary_value")
        let columns = names.count
        var out = Summaries()
        let estimate = max(n / 40, 16)
        out.frequency.reserveCapacity(estimate)
        out.recency.reserveCapacity(estimate)
        out.age.reserveCapacity(estimate)
        out.monetary.reserveCapacity(estimate)
        var fields = [Double](repeating: 0, count: columns)
        var line = 1
        pos += 1
        while pos < n {
            line += 1
            // Skip blank lines.
            if base[pos] == UInt8(ascii: "\n") || base[pos] == UInt8(ascii: "\r") { pos += 1; continue }
            for c in 0..<columns {
                let start = UnsafeMutablePointer<CChar>(OpaquePointer(base + pos))
                var end: UnsafeMutablePointer<CChar>? = nil
                let value = strtod(start, &end)
                guard let e = end else { throw UsageError(description: "\(path):\(line): bad number") }
                var p = UnsafeMutablePointer<UInt8>(OpaquePointer(e)) - base
                if p == pos {
                    // Not a number (e.g. a text id column): skip to the next separator.
                    if c == cx || c == ctx || c == ct || c == cm {
                        throw UsageError(description: "\(path):\(line): column \(names[c]) is not a number")
                    }
                    while p < n && base[p] != UInt8(ascii: ",") && base[p] != UInt8(ascii: "\n") { p += 1 }
                }
                fields[c] = value
                if c < columns - 1 {
                    guard p < n, base[p] == UInt8(ascii: ",") else {
                        throw UsageError(description: "\(path):\(line): expected \(columns) fields")
                    }
                    pos = p + 1
                } else {
                    while p < n && (base[p] == UInt8(ascii: "\r") || base[p] == UInt8(ascii: " ")) { p += 1 }
                    guard p >= n || base[p] == UInt8(ascii: "\n") else {
                        throw UsageError(description: "\(path):\(line): expected \(columns) fields")
                    }
                    pos = p + 1
                }
            }
            let x = fields[cx]
            guard x >= 0, x == x.rounded(), x < 1e9 else {
                throw UsageError(description: "\(path):\(line): frequency \(x) is not a whole number ≥ 0")
            }
            out.frequency.append(Int(x))
            out.recency.append(fields[ctx])
            out.age.append(fields[ct])
            out.monetary.append(cm.map { fields[$0] } ?? 0)
        }
        return out
    }
}

func parseVector(_ s: String, count: Int, flag: String) throws -> [Double] {
    let v = s.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard v.count == count else { throw UsageError(description: "\(flag) needs \(count) comma-separated numbers") }
    return v
}

func fitJSON(report: FitReport, names: [String], ll: Double, covariance: ParameterCovariance?) -> JSON {
    let iterations = report.attempts.reduce(0) { $0 + $1.result.iterations }
    let evaluations = report.attempts.reduce(0) { $0 + $1.result.evaluations }
    var params: [(String, JSON)] = []
    for (n, v) in zip(names, report.parameters) { params.append((n, .number(v))) }
    var se: [(String, JSON)] = []
    if let covariance {
        for (i, n) in names.enumerated() { se.append((n, .number(covariance.matrix[i][i].squareRoot()))) }
    }
    return .object([
        ("params", .object(params)),
        ("log_likelihood", .number(ll)),
        ("converged", .bool(report.converged)),
        ("attempts", .int(report.attempts.count)),
        ("stages", .array(report.attempts.map { .string($0.stage) })),
        ("iterations", .int(iterations)),
        ("evaluations", .int(evaluations)),
        ("standard_errors", covariance == nil ? .null : .object(se)),
    ])
}

// MARK: - clv-summary

func clvSummary(_ args: [String]) throws {
    var path: String?
    var repeats = 1
    var gammaGamma = true
    var evalBG: [Double]?
    var evalGG: [Double]?
    var i = 0
    while i < args.count {
        let a = args[i]
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(description: "\(a) needs a value") }
            return args[i]
        }
        switch a {
        case "--repeats":
            guard let n = Int(try value()), n >= 1 else { throw UsageError(description: "--repeats needs N ≥ 1") }
            repeats = n
        case "--no-gamma-gamma": gammaGamma = false
        case "--eval-bgnbd": evalBG = try parseVector(try value(), count: 4, flag: a)
        case "--eval-gamma-gamma": evalGG = try parseVector(try value(), count: 3, flag: a)
        default:
            guard path == nil, !a.hasPrefix("--") else { throw UsageError(description: "unexpected argument \(a)") }
            path = a
        }
        i += 1
    }
    guard let path else { throw UsageError(description: "clv-summary needs a FILE") }

    let clock = ContinuousClock()
    let t0 = clock.now
    let s = try readSummaries(path: path)
    let parseTime = seconds(clock.now - t0)

    var compressTimes: [Double] = [], bgTimes: [Double] = [], ggTimes: [Double] = []
    var bgResult: BGNBDFitResult?
    var ggResult: GammaGammaFitResult?
    var bgData: BGNBDData?
    var ggData: GammaGammaData?
    var ggCustomers = 0
    var firstTotal = 0.0
    for rep in 0..<repeats {
        let c0 = clock.now
        let data = try BGNBDData(frequency: s.frequency, recency: s.recency, age: s.age)
        var gd: GammaGammaData?
        if gammaGamma {
            var xs: [Int] = [], ms: [Double] = []
            xs.reserveCapacity(s.frequency.count / 2)
            ms.reserveCapacity(s.frequency.count / 2)
            for k in s.frequency.indices where s.frequency[k] >= 1 && s.monetary[k] > 0 {
                xs.append(s.frequency[k])
                ms.append(s.monetary[k])
            }
            ggCustomers = xs.count
            gd = try GammaGammaData(frequency: xs, averageSpend: ms)
        }
        let c1 = clock.now
        let bg = try BGNBDModel.fit(data)
        let c2 = clock.now
        let gg = try gd.map { d throws(FitError) in try GammaGammaModel.fit(d) }
        let c3 = clock.now
        compressTimes.append(seconds(c1 - c0))
        bgTimes.append(seconds(c2 - c1))
        ggTimes.append(seconds(c3 - c2))
        if rep == 0 { firstTotal = seconds(c3 - t0) }
        bgResult = bg
        ggResult = gg
        bgData = data
        ggData = gd
    }
    guard let bg = bgResult, let data = bgData else { return }
    let fitTimes = zip(zip(compressTimes, bgTimes), ggTimes).map { $0.0 + $0.1 + $1 }

    var fields: [(String, JSON)] = [
        ("file", .string(path)),
        ("customers", .int(s.frequency.count)),
        ("bgnbd_unique_rows", .int(data.count)),
        ("gg_customers", .int(ggCustomers)),
        ("repeats", .int(repeats)),
        ("bgnbd", fitJSON(report: bg.report, names: BGNBDParameters.names, ll: bg.logLikelihood,
                          covariance: bg.covariance)),
    ]
    if let gg = ggResult {
        fields.append(("gamma_gamma", fitJSON(report: gg.report, names: GammaGammaParameters.names,
                                              ll: gg.logLikelihood, covariance: gg.covariance)))
    }
    if let v = evalBG, let p = BGNBDParameters(v) {
        fields.append(("eval_bgnbd_log_likelihood", .number(BGNBDModel(parameters: p).logLikelihood(data))))
    }
    if let v = evalGG, let p = GammaGammaParameters(v), let gd = ggData {
        fields.append(("eval_gamma_gamma_log_likelihood", .number(GammaGammaModel(parameters: p).logLikelihood(gd))))
    }
    fields.append(("times", .object([
        ("parse_s", .number(parseTime)),
        ("compress_s", .number(median(compressTimes))),
        ("bgnbd_fit_s", .number(median(bgTimes))),
        ("gg_fit_s", .number(median(ggTimes))),
        ("fit_s", .number(median(fitTimes))),
        ("total_s", .number(firstTotal)),
        ("fit_s_all", .array(fitTimes.map { .number($0) })),
    ])))
    print(JSON.object(fields).text)
}


// MARK: - ll-profile: cost of one likelihood evaluation, and checks of the module's likelihood and Hessian

/// Reference BG/NBD likelihood (bench only): the module's formula before the x-only terms were cached —
/// every special function evaluated per row. Used to check the module's value and gradient and to show
/// what the caching saves.
func referenceBGNBDNegativeLogLikelihood(_ v: [Double], data: BGNBDData, gradient: inout [Double]) -> Double {
    let r = v[0], alpha = v[1], a = v[2], b = v[3]
    let lnAlpha = log(alpha), lnA = log(a)
    let lgR = SpecialFunctions.logGamma(r), lgB = SpecialFunctions.logGamma(b), lgAB = SpecialFunctions.logGamma(a + b)
    let psiR = SpecialFunctions.digamma(r), psiB = SpecialFunctions.digamma(b), psiAB = SpecialFunctions.digamma(a + b)
    var ll = 0.0, dr = 0.0, dAlpha = 0.0, da = 0.0, db = 0.0
    let xs = data.frequency, txs = data.recency, ts = data.age, ws = data.weight
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
        let lgBeta: Double = lgAB + SpecialFunctions.logGamma(b + x) - lgB - SpecialFunctions.logGamma(a + b + x)
        ll += w * (lgRx + r * lnAlpha + lgBeta + m + log(s))
        dr += w * (SpecialFunctions.digamma(rx) - psiR + lnAlpha - w1 * lnAT - w2 * lnATx)
        dAlpha += w * (r / alpha - rx * (w1 / alphaT + w2 / alphaTx))
        da += w * (psiAB - psiABx + w2 / a)
        db += w * (psiAB + SpecialFunctions.digamma(b + x) - psiB - psiABx - w2 / bx1)
    }
    gradient[0] = -dr; gradient[1] = -dAlpha; gradient[2] = -da; gradient[3] = -db
    return -ll
}

/// Reference Gamma-Gamma likelihood (bench only): the module's formula before caching, per row.
func referenceGGNegativeLogLikelihood(_ v: [Double], data: GammaGammaData, gradient: inout [Double]) -> Double {
    let p = v[0], q = v[1], g = v[2]
    let lgQ = SpecialFunctions.logGamma(q), lnG = log(g), psiQ = SpecialFunctions.digamma(q)
    var ll = 0.0, dp = 0.0, dq = 0.0, dg = 0.0
    let xs = data.frequency, ms = data.averageSpend, ws = data.weight
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
    gradient[0] = -dp; gradient[1] = -dq; gradient[2] = -dg
    return -ll
}

/// Largest |A − B| / max(|B|, 1e-300 + diag scale) over the entries, relative to the diagonal scale of B.
func hessianRelDiff(_ a: [[Double]], _ b: [[Double]]) -> Double {
    var worst = 0.0
    for i in a.indices {
        for j in a.indices {
            let scale = (abs(b[i][i]) * abs(b[j][j])).squareRoot()
            worst = max(worst, abs(a[i][j] - b[i][j]) / max(scale, 1e-300))
        }
    }
    return worst
}

func llProfile(_ args: [String]) throws {
    guard let path = args.first else { throw UsageError(description: "ll-profile needs a FILE") }
    let evaluations = args.count > 1 ? Int(args[1]) ?? 50 : 50
    let s = try readSummaries(path: path)
    let clock = ContinuousClock()
    let c0 = clock.now
    let data = try BGNBDData(frequency: s.frequency, recency: s.recency, age: s.age)
    let compress = seconds(clock.now - c0)
    var xs: [Int] = [], ms: [Double] = []
    for k in s.frequency.indices where s.frequency[k] >= 1 && s.monetary[k] > 0 {
        xs.append(s.frequency[k]); ms.append(s.monetary[k])
    }
    let g0 = clock.now
    let gd = try GammaGammaData(frequency: xs, averageSpend: ms)
    let ggPrepare = seconds(clock.now - g0)
    let bg = try BGNBDModel.fit(data), gg = try GammaGammaModel.fit(gd)
    let pb = bg.model.parameters.values, pg = gg.model.parameters.values
    let distinctX = Set(data.frequency).count
    func time(_ body: () -> Double) -> (Double, Double) {
        var v = 0.0
        let t0 = clock.now
        for _ in 0..<evaluations { v = body() }
        return (seconds(clock.now - t0) / Double(evaluations), v)
    }
    var g4 = [Double](repeating: 0, count: 4), g3 = [Double](repeating: 0, count: 3)
    var c4 = g4, c3 = g3
    let (bgModule, bgV) = time { BGNBDModel.negativeLogLikelihood(pb, data: data, gradient: &g4) }
    let (bgRef, bgRV) = time { referenceBGNBDNegativeLogLikelihood(pb, data: data, gradient: &c4) }
    let (ggModule, ggV) = time { GammaGammaModel.negativeLogLikelihood(pg, data: gd, gradient: &g3) }
    let (ggRef, ggRV) = time { referenceGGNegativeLogLikelihood(pg, data: gd, gradient: &c3) }
    // Analytic Hessians (what the fits use for the covariance) against central differences of the gradient.
    let h0 = clock.now
    let bgH = BGNBDModel.negativeLogLikelihoodHessian(pb, data: data) ?? []
    let h1 = clock.now
    let ggH = GammaGammaModel.negativeLogLikelihoodHessian(pg, data: gd) ?? []
    let h2 = clock.now
    let bgNum = ParameterCovariance.numericalHessian(at: pb) { p, g in BGNBDModel.negativeLogLikelihood(p, data: data, gradient: &g) }
    let h3 = clock.now
    let ggNum = ParameterCovariance.numericalHessian(at: pg) { p, g in GammaGammaModel.negativeLogLikelihood(p, data: gd, gradient: &g) }
    let h4 = clock.now
    // Also away from the optimum (the Hessian formula must hold everywhere, not only where ∇ = 0).
    let pbOff = [pb[0] * 1.3, pb[1] * 0.8, pb[2] * 1.2, pb[3] * 0.7], pgOff = [pg[0] * 0.8, pg[1] * 1.25, pg[2] * 1.1]
    let bgOff = hessianRelDiff(BGNBDModel.negativeLogLikelihoodHessian(pbOff, data: data) ?? [],
        ParameterCovariance.numericalHessian(at: pbOff) { p, g in BGNBDModel.negativeLogLikelihood(p, data: data, gradient: &g) })
    let ggOff = hessianRelDiff(GammaGammaModel.negativeLogLikelihoodHessian(pgOff, data: gd) ?? [],
        ParameterCovariance.numericalHessian(at: pgOff) { p, g in GammaGammaModel.negativeLogLikelihood(p, data: gd, gradient: &g) })
    let bgEvals = bg.report.attempts.reduce(0) { $0 + $1.result.evaluations }
    let ggEvals = gg.report.attempts.reduce(0) { $0 + $1.result.evaluations }
    // Gradients vanish at the optimum, so compare them on the scale of the objective.
    func relMax(_ a: [Double], _ b: [Double], scale: Double) -> Double {
        zip(a, b).map { abs($0 - $1) / max(abs(scale), 1) }.max() ?? 0
    }
    print(JSON.object([
        ("file", .string(path)),
        ("customers", .int(s.frequency.count)),
        ("bgnbd_rows", .int(data.count)), ("distinct_x", .int(distinctX)), ("gg_rows", .int(gd.count)),
        ("compress_s", .number(compress)), ("gg_data_s", .number(ggPrepare)),
        ("bgnbd_fit_evaluations", .int(bgEvals)), ("gg_fit_evaluations", .int(ggEvals)),
        ("bgnbd_eval_s", .object([("module", .number(bgModule)), ("per_row_reference", .number(bgRef))])),
        ("bgnbd_ns_per_row", .object([("module", .number(bgModule / Double(data.count) * 1e9)),
                                      ("per_row_reference", .number(bgRef / Double(data.count) * 1e9))])),
        ("gg_eval_s", .object([("module", .number(ggModule)), ("per_row_reference", .number(ggRef))])),
        ("gg_ns_per_row", .object([("module", .number(ggModule / Double(gd.count) * 1e9)),
                                   ("per_row_reference", .number(ggRef / Double(gd.count) * 1e9))])),
        ("module_vs_reference_value_rel_diff", .object([("bgnbd", .number(abs(bgV - bgRV) / abs(bgRV))),
                                                        ("gg", .number(abs(ggV - ggRV) / abs(ggRV)))])),
        ("module_vs_reference_gradient_diff_over_value", .object([("bgnbd", .number(relMax(g4, c4, scale: bgV))),
                                                                  ("gg", .number(relMax(g3, c3, scale: ggV)))])),
        ("hessian_s", .object([("bgnbd_analytic", .number(seconds(h1 - h0))), ("gg_analytic", .number(seconds(h2 - h1))),
                               ("bgnbd_numerical", .number(seconds(h3 - h2))), ("gg_numerical", .number(seconds(h4 - h3)))])),
        ("hessian_analytic_vs_numerical_rel_diff", .object([
            ("bgnbd_at_mle", .number(hessianRelDiff(bgH, bgNum))), ("gg_at_mle", .number(hessianRelDiff(ggH, ggNum))),
            ("bgnbd_off_mle", .number(bgOff)), ("gg_off_mle", .number(ggOff))])),
    ]).text)
}

// MARK: - ets-series: ETS auto selection over many series (forecast benchmark, see bench/forecast_bench.py)

/// Reads "id,v1,v2,…" lines (header line first, ignored); every series is the training window.
func readSeries(path: String) throws -> [(id: String, values: [Double])] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UsageError(description: "cannot read \(path)")
    }
    var out: [(id: String, values: [Double])] = []
    let text = String(decoding: data, as: UTF8.self)
    for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where k > 0 {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 2 else { throw UsageError(description: "\(path):\(k + 1): need id and values") }
        var values: [Double] = []
        values.reserveCapacity(fields.count - 1)
        for f in fields.dropFirst() {
            guard let v = Double(f.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError(description: "\(path):\(k + 1): bad number \(f)")
            }
            values.append(v)
        }
        out.append((String(fields[0]), values))
    }
    return out
}

/// `ets-series FILE --horizon H [--season M] [--repeats N] [--out FORECASTS.csv]`: for every series,
/// ETSModel.fit(series, seasonPeriod: M) (AICc selection over the admissible ETSSpec.candidates) and
/// pointForecast(horizon: H). Times the whole loop (fit + forecast of all series, single thread), N times;
/// prints JSON with the median and all runs, and writes "id,spec,f1..fH" to --out (from the last run).
func etsSeries(_ args: [String]) throws {
    var path: String?, out: String?
    var horizon = 4, season = 1, repeats = 1
    var i = 0
    while i < args.count {
        let a = args[i]
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(description: "\(a) needs a value") }
            return args[i]
        }
        switch a {
        case "--horizon": horizon = Int(try value()) ?? 4
        case "--season": season = Int(try value()) ?? 1
        case "--repeats": repeats = max(1, Int(try value()) ?? 1)
        case "--out": out = try value()
        default:
            guard path == nil, !a.hasPrefix("--") else { throw UsageError(description: "unexpected argument \(a)") }
            path = a
        }
        i += 1
    }
    guard let path else { throw UsageError(description: "ets-series needs a FILE") }
    let series = try readSeries(path: path)
    let clock = ContinuousClock()
    var times: [Double] = []
    var rows: [String] = []
    var failures = 0
    var specCounts: [String: Int] = [:]
    for rep in 0..<repeats {
        var lines: [String] = []
        lines.reserveCapacity(series.count)
        var failed = 0
        var counts: [String: Int] = [:]
        let t0 = clock.now
        for s in series {
            do {
                let model = try ETSModel.fit(s.values, seasonPeriod: season)
                let f = model.pointForecast(horizon: horizon)
                let name = "\(model.spec)".replacingOccurrences(of: ",", with: "")
                counts[name, default: 0] += 1
                lines.append(s.id + "," + name + "," + f.map { "\($0)" }.joined(separator: ","))
            } catch {
                failed += 1
                lines.append(s.id + ",failed," + [String](repeating: "nan", count: horizon).joined(separator: ","))
            }
        }
        times.append(seconds(clock.now - t0))
        if rep == repeats - 1 {
            rows = lines
            failures = failed
            specCounts = counts
        }
    }
    if let out {
        let header = "id,spec," + (1...horizon).map { "f\($0)" }.joined(separator: ",")
        try (([header] + rows).joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
    }
    print(JSON.object([
        ("file", .string(path)), ("series", .int(series.count)), ("horizon", .int(horizon)),
        ("season", .int(season)), ("repeats", .int(repeats)), ("failures", .int(failures)),
        ("specs", .object(specCounts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ("fit_forecast_s", .number(median(times))), ("fit_forecast_s_all", .array(times.map { .number($0) })),
    ]).text)
}

// MARK: - main

let usage = """
    usage: basket360-bench clv-summary FILE [--repeats N] [--no-gamma-gamma]
                                            [--eval-bgnbd r,alpha,a,b] [--eval-gamma-gamma p,q,gamma]
           basket360-bench ll-profile FILE [EVALUATIONS]
           basket360-bench ets-series FILE [--horizon H] [--season M] [--repeats N] [--out FORECASTS.csv]
    """

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    guard let command = arguments.first else { throw UsageError(description: usage) }
    switch command {
    case "clv-summary": try clvSummary(Array(arguments.dropFirst()))
    case "ll-profile": try llProfile(Array(arguments.dropFirst()))
    case "ets-series": try etsSeries(Array(arguments.dropFirst()))
    case "-h", "--help", "help": print(usage)
    default: throw UsageError(description: "unknown command \(command)\n\(usage)")
    }
} catch let e as UsageError {
    FileHandle.standardError.write(Data("basket360-bench: \(e.description)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("basket360-bench: \(error)\n".utf8))
    exit(70)
}
