import CaloDetector

/// The response calibration of one species of a model trained on several: each species has its
/// own escaping-fraction distribution (an electron starts showering at once, a photon first has
/// to convert), so each is mapped onto its own reference (`ResponseCalibration`). Stored in
/// `model.json` with the species as its PDG code.
public struct SpeciesCalibration: Codable, Sendable, Equatable {
    /// PDG code of the species (`particle`).
    public var pdgCode: Int32
    public var calibration: ResponseCalibration

    public init(particle: Particle, calibration: ResponseCalibration) {
        pdgCode = particle.pdgCode
        self.calibration = calibration
    }

    /// The species, nil for a code calosim does not know (refused by `ModelConfiguration.load`).
    public var particle: Particle? { Particle(pdgCode: pdgCode) }
}
