import Foundation
import Testing
@testable import Analytics

@Suite("Special functions")
struct SpecialFunctionTests {
    @Test("digamma matches known values")
    func digamma() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ.
        let eulerGamma = 0.57721566490153286
        #expect(abs(SpecialFunctions.digamma(1) + eulerGamma) < 1e-14)
        #expect(abs(SpecialFunctions.digamma(0.5) - (-eulerGamma - 2 * log(2.0))) < 1e-14)
        let h9 = (1...9).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(SpecialFunctions.digamma(10) - (h9 - eulerGamma)) < 1e-14)
        #expect(abs(SpecialFunctions.digamma(-0.5) - 0.03648997397857652) < 1e-13)
    }

    @Test("2F1 matches mpmath (bench/peers/cdnow_reference.py) on all code paths",
          arguments: [
              // (a, b, c, z, mpmath value, relative tolerance)
              (5.243, 7.426, 7.219, 0.97, 186296758.7889606, 1e-11),     // z > 0.9, 1−z transformation
              (1.5, 2.25, 4.0, 0.995, 10.284276615794834, 1e-12),         // transformation, c−a−b > 0
              (2.0, 3.0, 5.0, 0.999, 53.295718788451865, 1e-10),          // c−a−b = 0: long direct series
              (0.5, 0.5, 2.0000001, 0.9999, 1.272953547638012, 1e-6),     // near-integer fallback
              (0.3, 1.2, 2.7, -3.0, 0.7939621665083273, 1e-13),           // z < 0: Pfaff
              (1.0, 1.0, 2.0, 0.5, 1.3862943611198906, 1e-14),            // −ln(1−z)/z
          ])
    func hyp2f1(_ c: (Double, Double, Double, Double, Double, Double)) {
        let value = Hypergeometric2F1.evaluate(a: c.0, b: c.1, c: c.2, z: c.3)
        #expect(TestSupport.relativelyClose(value, c.4, c.5), "2F1(\(c.0),\(c.1);\(c.2);\(c.3)) = \(value), want \(c.4)")
    }

    @Test("2F1 transformation and direct series agree just above the switch point")
    func hyp2f1Continuity() {
        let (a, b, c) = (1.243, 3.426, 3.219)
        for z in [0.91, 0.95, 0.98] {
            let transformed = Hypergeometric2F1.linearTransformation(a: a, b: b, c: c, z: z)
            let direct = Hypergeometric2F1.series(a: a, b: b, c: c, z: z, maxTerms: 1_000_000)
            #expect(direct.converged)
            #expect(TestSupport.relativelyClose(transformed, direct.value, 1e-11))
        }
    }

    @Test("2F1 special cases: polynomial, z = 0, z = 1, undefined c")
    func hyp2f1Special() {
        // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
        let (b, c, z) = (1.5, 2.5, 0.97)
        let poly = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1))
        #expect(TestSupport.relativelyClose(Hypergeometric2F1.evaluate(a: -2, b: b, c: c, z: z), poly, 1e-14))
        #expect(Hypergeometric2F1.evaluate(a: 1, b: 2, c: 3, z: 0) == 1)
        // Gauss: 2F1(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2
        #expect(abs(Hypergeometric2F1.evaluate(a: 1, b: 1, c: 3, z: 1) - 2) < 1e-13)
        #expect(Hypergeometric2F1.evaluate(a: 1, b: 1, c: -2, z: 0.5).isNaN)
    }

    @Test("Normal quantile")
    func normalQuantile() {
        #expect(abs(NormalDistribution.quantile(0.9) - 1.2815515655446004) < 1e-13)
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-13)
        #expect(abs(NormalDistribution.quantile(0.001) + 3.090232306167813) < 1e-12)
    }

    @Test("Civil date round trip")
    func civilDate() throws {
        #expect(CivilDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CivilDate(year: 1997, month: 9, day: 30).dayNumber - CivilDate(year: 1997, month: 1, day: 1).dayNumber == 272)
        let d = try #require(CivilDate(yyyymmdd: "20000229"))
        #expect(CivilDate(dayNumber: d.dayNumber) == d)
        #expect(CivilDate(yyyymmdd: "19970229") == nil)
    }
}
