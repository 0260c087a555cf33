import CaloSupport
import Foundation

/// Pass/fail limits of the report. Defaults from the GAN issue; override on the command line or
/// with a JSON file holding any subset of these keys.
public struct Thresholds: Sendable, Codable, Equatable {
    /// Largest separation power of E_tot/E_inc, each layer energy and the shower depth.
    public var separationPowerStrict: Double = 0.02
    /// Largest separation power of the other CaloGAN observables.
    public var separationPower: Double = 0.05
    /// Largest |generated/reference - 1| of the response <E_tot/E_inc> in any energy bin.
    public var responseDeviation: Double = 0.01
    /// Largest |generated/reference - 1| of the relative resolution in any energy bin.
    public var resolutionDeviation: Double = 0.10
    /// Largest classifier AUC (0.5 = indistinguishable).
    public var classifierAUC: Double = 0.80

    public init() {}

    enum CodingKeys: String, CodingKey {
        case separationPowerStrict, separationPower, responseDeviation, resolutionDeviation, classifierAUC
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Thresholds()
        separationPowerStrict = try c.decodeIfPresent(Double.self, forKey: .separationPowerStrict) ?? d.separationPowerStrict
        separationPower = try c.decodeIfPresent(Double.self, forKey: .separationPower) ?? d.separationPower
        responseDeviation = try c.decodeIfPresent(Double.self, forKey: .responseDeviation) ?? d.responseDeviation
        resolutionDeviation = try c.decodeIfPresent(Double.self, forKey: .resolutionDeviation) ?? d.resolutionDeviation
        classifierAUC = try c.decodeIfPresent(Double.self, forKey: .classifierAUC) ?? d.classifierAUC
    }

    /// Reads thresholds from a JSON file (missing keys keep their defaults).
    public static func load(file url: URL) throws -> Thresholds {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CalosimError.badFile(path: url.path, reason: "cannot read the thresholds file")
        }
        do {
            return try JSONDecoder().decode(Thresholds.self, from: data)
        } catch {
            throw CalosimError.badFile(path: url.path, reason: "not a thresholds JSON object (keys: separationPowerStrict, separationPower, responseDeviation, resolutionDeviation, classifierAUC): \(error)")
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
