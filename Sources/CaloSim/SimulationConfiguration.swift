/// Settings of the reference simulator; every field has the Geant4-like default (docs/physics.md §3, §12.4).
public struct SimulationConfiguration: Sendable, Equatable {
    /// Geant4-style range cut (mm), converted per material into gamma/e-/e+ production thresholds.
    public var productionCutMM: Double = 0.7
    /// e± below this kinetic energy (MeV) deposit it locally (an e+ then annihilates at rest).
    public var trackingCutMeV: Double = 0.001
    /// Scales every step limit: the continuous-loss step (alpha, rho), the hard elastic mean free path
    /// fraction, the soft-deflection limits and (when below 1) the interior safety fraction. 0.5
    /// halves them all (convergence check).
    public var stepLimitScale: Double = 1
    /// Photons below this energy (MeV) deposit it locally.
    public var photonKillMeV: Double = 0.001
    /// Hard elastic collisions are simulated one by one with a mean free path of this fraction of
    /// the transport mean free path lambda1 (mixed Wentzel scheme, docs/physics.md §11), times `stepLimitScale`.
    public var hardScatteringFraction: Double = 2.0
    /// Largest soft transport length (integral of ds / lambda1_soft) of one step, times `stepLimitScale`.
    public var softDeflectionLimit: Double = 0.3
    /// The larger soft transport length allowed to a step that stays within `interiorSafetyFraction`
    /// of the safety (the distance to the nearest boundary), times `stepLimitScale`; such a step is
    /// travelled around several hinges when that exceeds `hingeSoftDeflectionLimit`.
    public var interiorSoftDeflectionLimit: Double = 1.0
    /// The share of the safety within which a step may use `interiorSoftDeflectionLimit` (times
    /// `stepLimitScale` when that is below 1), in [0, 1).
    public var interiorSafetyFraction: Double = 0.3
    /// The soft transport length of one hinge of a step inside the safety: a step with more is
    /// travelled as that many equal pieces, each around its own random hinge, times
    /// `stepLimitScale`. The default 1 keeps one hinge per step; 0.3 with an interior limit of 2
    /// within 0.9 of the safety takes 28 % fewer steps (docs/physics.md §12.4, not yet the default).
    public var hingeSoftDeflectionLimit: Double = 1.0
    /// The soft transport length limit for steps that may reach a boundary (not below the safety).
    public var boundarySoftDeflectionLimit: Double = 0.1
    /// Deposit an e± at once when it is below the material's electron production threshold and its
    /// CSDA range is below the distance to every boundary of its slab (it cannot leave the slab;
    /// EGS-style range rejection, restricted to energies where it can no longer make delta rays and
    /// radiates only a few per cent, which then stays local).
    public var rangeRejection: Bool = true

    public init(productionCutMM: Double = 0.7, trackingCutMeV: Double = 0.001, stepLimitScale: Double = 1,
                photonKillMeV: Double = 0.001, hardScatteringFraction: Double = 2.0,
                softDeflectionLimit: Double = 0.3, interiorSoftDeflectionLimit: Double = 1.0,
                interiorSafetyFraction: Double = 0.3, hingeSoftDeflectionLimit: Double = 1.0,
                boundarySoftDeflectionLimit: Double = 0.1, rangeRejection: Bool = true) {
        self.productionCutMM = productionCutMM
        self.trackingCutMeV = trackingCutMeV
        self.stepLimitScale = stepLimitScale
        self.photonKillMeV = photonKillMeV
        self.hardScatteringFraction = hardScatteringFraction
        self.softDeflectionLimit = softDeflectionLimit
        self.interiorSoftDeflectionLimit = interiorSoftDeflectionLimit
        self.interiorSafetyFraction = interiorSafetyFraction
        self.hingeSoftDeflectionLimit = hingeSoftDeflectionLimit
        self.boundarySoftDeflectionLimit = boundarySoftDeflectionLimit
        self.rangeRejection = rangeRejection
    }

    /// The hard-collision fraction actually used (scaled with the step limits).
    var effectiveHardFraction: Double { hardScatteringFraction * stepLimitScale }
}
