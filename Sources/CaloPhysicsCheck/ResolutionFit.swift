import CaloSupport
import Foundation

/// Fit of the relative energy resolution sigma/E = a/sqrt(E/GeV) (+) c (added in quadrature).
///
/// (sigma/E)^2 = a^2 / E + c^2 is linear in (a^2, c^2): a weighted linear least-squares fit of
/// r_i^2 with errors 2 r_i err(r_i) (docs/physics.md §14.6). Then
/// a = sqrt(a^2), err(a) = err(a^2)/(2a); c = sqrt(c^2) when c^2 > 0, otherwise c = 0 and
/// `constantTermSquared` (negative) says by how much the data prefer no constant term.
public struct ResolutionFit: Sendable, Equatable, Codable {
    /// Stochastic term a (fraction, times sqrt(GeV)) and its error.
    public let stochasticTerm: Double
    public let stochasticTermError: Double
    /// c^2 and its error (c^2 may come out negative within errors).
    public let constantTermSquared: Double
    public let constantTermSquaredError: Double
    public let chiSquared: Double
    public let degreesOfFreedom: Int

    /// c = sqrt(max(c^2, 0)).
    public var constantTerm: Double { max(constantTermSquared, 0).squareRoot() }
    /// Error of c when c > 0, else the one-sigma upper limit sqrt(c^2 + err(c^2)) clipped at 0.
    public var constantTermError: Double {
        if constantTermSquared > 0 { return constantTermSquaredError / (2 * constantTerm) }
        return max(constantTermSquared + constantTermSquaredError, 0).squareRoot()
    }

    /// Fits points (E in GeV, sigma/E, error of sigma/E). With `fitConstant` false only a is
    /// fitted (c = 0). Nil when the fit is singular or a^2 <= 0.
    public init?(points: [(energyGeV: Double, relativeSigma: Double, error: Double)], fitConstant: Bool = true) {
        let design = points.map { fitConstant ? [1 / $0.energyGeV, 1] : [1 / $0.energyGeV] }
        let values = points.map { $0.relativeSigma * $0.relativeSigma }
        let weights = points.map { p -> Double in
            let e = 2 * p.relativeSigma * p.error
            return 1 / (e * e)
        }
        guard weights.allSatisfy({ $0.isFinite && $0 > 0 }),
              let fit = LinearFit(design: design, values: values, weights: weights, weightsAreInverseVariances: true),
              fit.parameters[0] > 0 else { return nil }
        let a = fit.parameters[0].squareRoot()
        stochasticTerm = a
        stochasticTermError = fit.error(0) / (2 * a)
        constantTermSquared = fitConstant ? fit.parameters[1] : 0
        constantTermSquaredError = fitConstant ? fit.error(1) : 0
        chiSquared = fit.chiSquared
        degreesOfFreedom = fit.degreesOfFreedom
    }
}
