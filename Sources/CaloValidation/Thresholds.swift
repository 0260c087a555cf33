import CaloSupport
import Foundation

/// Pass/fail limits of the validation report; override on the command line or with a JSON file
/// holding any subset of these keys. docs/physics.md §15 explains each default.
///
/// For two Gaussian distributions the separation power S = 1/2 sum (p - q)^2/(p + q) is 0.02 for
/// a mean shift of 0.29 standard deviations or a width 23 % too large, and 0.05 for a shift of
/// 0.46 standard deviations or a width 41 % too large.
public struct Thresholds: Sendable, Codable, Equatable {
    /// Largest separation power of E_tot/E_inc, each layer energy and the shower depth: the
    /// observables that carry the measured energy and the depth of the shower (a 0.29 sigma shift).
    public var separationPowerStrict: Double = 0.02
    /// Largest separation power of the shape observables (depth width, layer fractions, lateral
    /// widths, energy ratios, sparsity), which the energy measurement depends on less.
    public var separationPower: Double = 0.05
    /// Largest |generated/reference - 1| of the response <E_tot/E_inc> in any energy bin: the
    /// simulator's sampling fraction is constant to 1 % over energy, so a larger miss would change
    /// the energy scale beyond the reference's own linearity.
    public var responseDeviation: Double = 0.01
    /// Largest |generated/reference - 1| of the relative resolution in any energy bin: the
    /// stochastic term of Pb/LAr sampling calorimeters is known to about 10 % (10 against
    /// 11 %/sqrt(E)).
    public var resolutionDeviation: Double = 0.10
    /// Largest |generated/reference - 1| of the core resolution (interquartile range / 1.349 /
    /// median of E_tot/E_inc) in any energy bin: the same 10 % for the Gaussian core of the
    /// response, which the rare far-leaking showers that rule the rms do not move.
    public var coreResolutionDeviation: Double = 0.10
    /// Largest classifier AUC (0.5 = indistinguishable); 0.80 is a separation of 1.19 standard
    /// deviations between two Gaussian populations of the classifier's output.
    public var classifierAUC: Double = 0.80
    /// Largest 1 - C_gen / C_ref of the k-NN coverage, C_ref that of the reference against its
    /// other half: 0.1 asks for at least 0.9 of what the simulator achieves against itself (low
    /// coverage is the mark of a generator that drops modes).
    public var coverageShortfall: Double = 0.10
    /// Largest |AUC_gen - AUC_ref| of the e-/photon classifier (`SpeciesSeparation`): on 2,000 +
    /// 2,000 test showers near AUC 0.7 the difference of two AUCs has a statistical error of 0.012
    /// (Hanley-McNeil), so 0.02 is 1.7 times it.
    public var speciesAUCDifference: Double = 0.02
    /// Largest |p_gen / p_ref - 1| of a centroid's slope on the impact point or direction
    /// (`ArrivalResponse`): 5 % puts a shower that enters 10 mm off centre within 0.5 mm of where
    /// the simulator deposits it, and each layer's depth on the axis within 5 %.
    public var arrivalSlopeDeviation: Double = 0.05

    public init() {}

    enum CodingKeys: String, CodingKey {
        case separationPowerStrict, separationPower, responseDeviation, resolutionDeviation, classifierAUC, coverageShortfall
        case speciesAUCDifference, arrivalSlopeDeviation, coreResolutionDeviation
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Thresholds()
        separationPowerStrict = try c.decodeIfPresent(Double.self, forKey: .separationPowerStrict) ?? d.separationPowerStrict
        separationPower = try c.decodeIfPresent(Double.self, forKey: .separationPower) ?? d.separationPower
        responseDeviation = try c.decodeIfPresent(Double.self, forKey: .responseDeviation) ?? d.responseDeviation
        resolutionDeviation = try c.decodeIfPresent(Double.self, forKey: .resolutionDeviation) ?? d.resolutionDeviation
        classifierAUC = try c.decodeIfPresent(Double.self, forKey: .classifierAUC) ?? d.classifierAUC
        coverageShortfall = try c.decodeIfPresent(Double.self, forKey: .coverageShortfall) ?? d.coverageShortfall
        speciesAUCDifference = try c.decodeIfPresent(Double.self, forKey: .speciesAUCDifference) ?? d.speciesAUCDifference
        arrivalSlopeDeviation = try c.decodeIfPresent(Double.self, forKey: .arrivalSlopeDeviation) ?? d.arrivalSlopeDeviation
        coreResolutionDeviation = try c.decodeIfPresent(Double.self, forKey: .coreResolutionDeviation) ?? d.coreResolutionDeviation
    }

    /// Reads thresholds from a JSON file (missing keys keep their defaults).
    public static func load(file url: URL) throws -> Thresholds {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CalosimError.badFile(path: url.path, reason: "cannot read the thresholds file")
        }
        do {
            return try JSONDecoder().decode(Thresholds.self, from: data)
        } catch {
            throw CalosimError.badFile(path: url.path, reason: "not a thresholds JSON object (keys: separationPowerStrict, separationPower, responseDeviation, resolutionDeviation, classifierAUC, coverageShortfall, speciesAUCDifference, arrivalSlopeDeviation, coreResolutionDeviation): \(error)")
        }
    }

    /// The separation-power limit of an observable grade, nil for ungraded ones.
    public func separationLimit(_ grade: Observable.Grade) -> Double? {
        switch grade {
        case .strict: return separationPowerStrict
        case .loose: return separationPower
        case .informational: return nil
        }
    }
}
