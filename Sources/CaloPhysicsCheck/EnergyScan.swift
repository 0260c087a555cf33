import CaloSupport
import Foundation

/// The slope of t_max against log10(E): a weighted straight-line fit t_max = c + s log10(E/GeV).
///
/// Expected s = ln 10 = 2.30 X0 per decade (docs/physics.md §14.4). Weights are 1/err^2 of each t_max,
/// so the slope error is the fit's; with more than two energies chi^2/ndf is reported as well.
public struct EnergyScan: Sendable, Equatable, Codable {
    public let slope: Double
    public let slopeError: Double
    public let intercept: Double
    public let chiSquared: Double
    public let degreesOfFreedom: Int

    /// Fits points (E in MeV, t_max in X0, error in X0); nil with fewer than 2 distinct energies.
    public init?(points: [(energyMeV: Double, tMax: Double, error: Double)]) {
        let design = points.map { [1.0, log10($0.energyMeV / 1000)] }
        let weights = points.map { 1 / ($0.error * $0.error) }
        guard points.count >= 2, weights.allSatisfy({ $0.isFinite && $0 > 0 }),
              let fit = LinearFit(design: design, values: points.map(\.tMax), weights: weights,
                                  weightsAreInverseVariances: true) else { return nil }
        slope = fit.parameters[1]
        slopeError = fit.error(1)
        intercept = fit.parameters[0]
        chiSquared = fit.chiSquared
        degreesOfFreedom = fit.degreesOfFreedom
    }
}
