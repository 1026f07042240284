import Foundation
@testable import Analytics

/// Test fixtures for the forecasting tests, read from `Fixtures/` next to this file.
enum ForecastFixtures {
    /// statsmodels reference for one ETS model (see bench/peers/ets_reference.py).
    struct ETSReference: Decodable {
        var alpha: Double
        var beta: Double?
        var gamma: Double?
        var phi: Double?
        var initial_level: Double
        var initial_trend: Double?
        var initial_seasonal: [Double]?
        var llf: Double
        var aicc_hyndman: Double
        var k_hyndman: Int
        var mse: Double
        var forecast: [Double]
        var lower80: [Double]
        var upper80: [Double]
        var lower95: [Double]
        var upper95: [Double]

        /// The parameters in this package's convention.
        var parameters: ETSParameters {
            ETSParameters(alpha: alpha, beta: beta ?? 0, gamma: gamma ?? 0, phi: phi ?? 1, initialLevel: initial_level,
                          initialTrend: initial_trend ?? 0, initialSeasonal: initial_seasonal ?? [])
        }
    }

    /// The whole reference file.
    struct ETSReferenceFile: Decodable {
        var statsmodels: String
        var models: [String: ETSReference]
    }

    static func fixtureURL(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }

    /// Box & Jenkins monthly airline passengers 1949–1960 (thousands), 144 values.
    static func airPassengers() throws -> [Double] {
        let text = try String(contentsOf: fixtureURL("airpassengers.csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            line.split(separator: ",").last.flatMap { Double($0) }
        }
    }

    /// statsmodels ETSModel fits of the airline series.
    static func etsReference() throws -> ETSReferenceFile {
        try JSONDecoder().decode(ETSReferenceFile.self, from: Data(contentsOf: fixtureURL("ets_reference.json")))
    }

    /// ETS specification for a reference name such as "MAdM".
    static func spec(named name: String) -> ETSSpec? {
        ETSSpec.candidates.first { "\($0.error.rawValue)\($0.trend.rawValue)\($0.season.rawValue)" == name }
    }

    /// |a − b| ≤ tol·max(|b|, 1e-300).
    static func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
        abs(a - b) <= tol * max(abs(b), 1e-300)
    }
}
