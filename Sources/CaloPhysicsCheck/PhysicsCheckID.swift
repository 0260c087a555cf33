/// What a physics check tests: one case per checked quantity, named by what it measures.
///
/// The raw value is the stable name printed in the first column of the report's table and
/// written as `"check"` in its JSON. docs/physics.md §14 describes each check (the section is in
/// the case's comment) and the physics behind its band; the bands themselves are in
/// `PhysicsReference`.
public enum PhysicsCheckID: String, Sendable, Codable, CaseIterable {
    // MARK: Energy bookkeeping, on every shower (§14.3)

    /// Largest |incident - deposited - escaped| / incident.
    case energyLedger = "energy-ledger"
    /// Largest |scored - expected| / incident: every deposit in exactly one cell or overflow.
    case readoutLedger = "readout-ledger"

    // MARK: Longitudinal profile (§14.4)

    /// Depth of the maximum t_max of the mean e- profile at one energy.
    case showerMaximum = "shower-maximum"
    /// d t_max / d log10(E) of e-, expected ln 10 X0 per decade.
    case showerMaximumSlope = "shower-maximum-slope"
    /// t_max(gamma) - t_max(e-).
    case photonOffset = "photon-offset"
    /// t_max(e+) - t_max(e-).
    case positronShowerMaximum = "positron-shower-maximum"
    /// <t>(e+) - <t>(e-).
    case positronMeanDepth = "positron-mean-depth"
    /// E_vis(e+) / E_vis(e-).
    case positronVisibleEnergy = "positron-visible-energy"
    /// The fitted slope b of the mean profile (informational).
    case profileSlope = "profile-slope"
    /// The LPM suppression of the bremsstrahlung DCS in lead against Migdal's functions.
    case lpmSuppression = "lpm-suppression"
    /// LPM's X0_eff / X0 in lead at 1 TeV against Migdal's functions.
    case lpmRadiationLength = "lpm-radiation-length"

    // MARK: Lateral containment (§14.5)

    /// Fraction of the deposit within n R_M,eff of the axis.
    case lateralContainment = "lateral-containment"
    /// The same for the visible (argon) energy (informational).
    case visibleLateralContainment = "visible-lateral-containment"

    // MARK: Energy response (§14.6)

    /// Visible over deposited energy, all energies.
    case samplingFraction = "sampling-fraction"
    /// Sampling fraction at one energy over its mean, minus 1.
    case linearity = "linearity"
    /// a of sigma/E = a/sqrt(E) (+) c.
    case stochasticTerm = "stochastic-term"
    /// c of sigma/E = a/sqrt(E) (+) c (informational).
    case constantTerm = "constant-term"
    /// sigma(E_vis)/<E_vis> at one energy (informational).
    case visibleResolution = "visible-resolution"

    // MARK: Shower-to-shower fluctuations, GFLASH parameters (§14.7)

    /// Width of the distribution of ln T.
    case sigmaLnT = "sigma-ln-t"
    /// Width of the distribution of ln alpha.
    case sigmaLnAlpha = "sigma-ln-alpha"
    /// sigma(ln T) falls from one energy to the next.
    case sigmaLnTFalls = "sigma-ln-t-falls"
    /// sigma(ln alpha) falls from one energy to the next.
    case sigmaLnAlphaFalls = "sigma-ln-alpha-falls"
    /// exp<ln T> (informational).
    case gflashMeanT = "gflash-mean-t"
    /// exp<ln alpha> (informational).
    case gflashMeanAlpha = "gflash-mean-alpha"
    /// Correlation of ln T and ln alpha (informational).
    case gflashCorrelation = "gflash-correlation"

    // MARK: Convergence (§14.8)

    /// Relative change of an observable with every step limit halved.
    case stepLimitConvergence = "step-limit-convergence"
    /// Relative change of an observable with a 0.1 mm instead of 0.7 mm range cut.
    case productionCutConvergence = "production-cut-convergence"

    // MARK: Geant4 TestEm3 (§14.9)

    /// Mean energy deposited in the PbWO4 by 10 GeV e-.
    case testem3Absorber = "testem3-absorber"
    /// Mean energy deposited in the liquid argon by 10 GeV e-.
    case testem3Argon = "testem3-argon"
    /// LAr / (LAr + PbWO4) (informational).
    case testem3VisibleFraction = "testem3-visible-fraction"

    // MARK: W/Si sampling stack (§14.10)

    /// Silicon over deposited energy of e-, all energies (informational).
    case wsiVisibleFraction = "wsi-visible-fraction"
    /// Visible fraction at one energy over its mean, minus 1.
    case wsiLinearity = "wsi-linearity"
    /// a of sigma/E = a/sqrt(E) (+) c in the W/Si stack.
    case wsiStochasticTerm = "wsi-stochastic-term"
    /// c of the same fit (informational).
    case wsiConstantTerm = "wsi-constant-term"
    /// sigma(E_Si)/<E_Si> at one energy (informational).
    case wsiResolution = "wsi-resolution"
    /// t_max of the mean silicon profile of e- at one energy.
    case wsiShowerMaximum = "wsi-shower-maximum"
    /// d t_max / d log10(E) over all energies.
    case wsiShowerMaximumSlope = "wsi-shower-maximum-slope"
    /// The same over one decade, E to 10 E (informational).
    case wsiShowerMaximumDecade = "wsi-shower-maximum-decade"

    /// The group of `PhysicsCheckConfiguration.checks` that makes this check; nil for the
    /// bookkeeping checks, made on the showers of every group.
    public var group: PhysicsCheckConfiguration.Check? {
        switch self {
        case .energyLedger, .readoutLedger:
            return nil
        case .showerMaximum, .showerMaximumSlope, .photonOffset, .positronShowerMaximum, .positronMeanDepth,
             .positronVisibleEnergy, .profileSlope, .lpmSuppression, .lpmRadiationLength:
            return .profile
        case .lateralContainment, .visibleLateralContainment:
            return .lateral
        case .samplingFraction, .linearity, .stochasticTerm, .constantTerm, .visibleResolution:
            return .sampling
        case .sigmaLnT, .sigmaLnAlpha, .sigmaLnTFalls, .sigmaLnAlphaFalls, .gflashMeanT, .gflashMeanAlpha,
             .gflashCorrelation:
            return .fluctuations
        case .stepLimitConvergence, .productionCutConvergence:
            return .convergence
        case .testem3Absorber, .testem3Argon, .testem3VisibleFraction:
            return .testem3
        case .wsiVisibleFraction, .wsiLinearity, .wsiStochasticTerm, .wsiConstantTerm, .wsiResolution, .wsiShowerMaximum,
             .wsiShowerMaximumSlope, .wsiShowerMaximumDecade:
            return .wsi
        }
    }

    /// Width of the longest name, for the table's first column.
    static let longestName = allCases.map(\.rawValue.count).max() ?? 0
}
