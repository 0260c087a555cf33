import CaloSim

/// Something that simulates one shower: the reference simulator, or a stand-in in tests.
/// Must be thread-safe and deterministic in (seed, showerIndex).
public protocol ShowerSource: Sendable {
    func simulate(_ primary: Primary, seed: UInt64, showerIndex: UInt64) -> ShowerResult
}

/// The physics settings a sample was simulated with: the reference, or a convergence variant
/// (docs/physics.md §14.8).
public enum PhysicsVariant: String, Sendable, Codable, CaseIterable {
    /// 0.7 mm production cut, reference step limits.
    case reference
    /// Every step limit halved.
    case halfStepLimits
    /// 0.1 mm production cut.
    case fineCut
}
