import Foundation

/// What `PhysicsCheck.run` simulates and checks. Energies in GeV; sizes are showers per energy.
public struct PhysicsCheckConfiguration: Sendable, Codable, Equatable {
    /// The groups of checks (the `--checks` names; docs/physics.md §14). The energy and readout
    /// ledgers are checked on every shower of every group.
    public enum Check: String, Sendable, Codable, CaseIterable, Comparable {
        case profile        // t_max, its slope per decade, gamma offset, e+ vs e- (§14.4)
        case lateral        // containment in R_M,eff (§14.5)
        case sampling       // sampling fraction, linearity, resolution (§14.6)
        case fluctuations   // GFLASH sigma(ln T), sigma(ln alpha) (§14.7)
        case convergence    // half step limits, 0.1 mm cut (§14.8)
        case testem3        // Geant4 TestEm3 deposits (§14.9)
        case wsi            // W/Si stack: visible fraction, linearity, resolution, t_max (§14.10)

        public static func < (a: Check, b: Check) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var checks: Set<Check> = Set(Check.allCases)
    /// Showers per energy point up to `fullStatisticsUpToGeV`.
    public var showers = 200
    /// Above this energy a point gets showers x sqrt(fullStatisticsUpToGeV / E) showers (at
    /// least `minimumShowers`): fluctuations shrink like 1/sqrt(E) while the cost grows like E.
    public var fullStatisticsUpToGeV = 10.0
    public var minimumShowers = 10
    /// Energies of the e- longitudinal scan (profile and fluctuations).
    public var profileEnergiesGeV: [Double] = [1, 10, 100, 1000]
    /// Energy of the gamma and e+ comparison with e-.
    public var comparisonEnergyGeV = 10.0
    public var lateralEnergiesGeV: [Double] = [10]
    public var samplingEnergiesGeV: [Double] = [1, 2, 5, 10, 20, 50, 100]
    /// Showers of the TestEm3 comparison (10 GeV e-); nil: `showers`.
    public var testem3Showers: Int?
    /// e- energies of the W/Si stack, GeV.
    public var wsiEnergiesGeV: [Double] = [1, 3, 10, 30, 100, 300, 1000]
    /// Showers per W/Si energy up to `fullStatisticsUpToGeV` (fewer above, as for every point);
    /// nil: `showers`.
    public var wsiShowers: Int?
    public var convergenceEnergyGeV = 10.0
    /// Showers per convergence variant; nil: `showers`.
    public var convergenceShowers: Int?
    public var bootstrapReplicas = 200
    public var seed: UInt64 = 20_261_129
    public var threads = 1

    public init() {}

    /// Showers at energy `e` GeV for a base size `n`.
    public func showers(atGeV e: Double, base n: Int? = nil) -> Int {
        let n = n ?? showers
        guard e > fullStatisticsUpToGeV else { return n }
        return max(minimumShowers, Int((Double(n) * (fullStatisticsUpToGeV / e).squareRoot()).rounded()))
    }

    /// Checks the sizes; throws a message that says what to change.
    public func validate() throws {
        func bad(_ s: String) -> PhysicsCheckError { PhysicsCheckError.badConfiguration(s) }
        if showers < 2 { throw bad("showers must be at least 2 (got \(showers))") }
        for (name, n) in [("TestEm3 showers", testem3Showers), ("convergence showers", convergenceShowers),
                          ("W/Si showers", wsiShowers)] {
            if let n, n < 2 { throw bad("\(name) must be at least 2 (got \(n))") }
        }
        if bootstrapReplicas < 2 { throw bad("bootstrap replicas must be at least 2 (got \(bootstrapReplicas))") }
        let all = profileEnergiesGeV + lateralEnergiesGeV + samplingEnergiesGeV + wsiEnergiesGeV
            + [comparisonEnergyGeV, convergenceEnergyGeV]
        if let e = all.first(where: { !(0.001...1000).contains($0) }) {
            throw bad("energy \(e) GeV outside the simulator's 1 MeV - 1 TeV")
        }
        if checks.contains(.profile) && Set(profileEnergiesGeV).count < 2 {
            throw bad("the t_max slope needs at least two profile energies (got \(profileEnergiesGeV))")
        }
        if checks.contains(.sampling) && Set(samplingEnergiesGeV).count < 2 {
            throw bad("the resolution fit needs at least two sampling energies (got \(samplingEnergiesGeV))")
        }
        if checks.contains(.wsi) && Set(wsiEnergiesGeV).count < 2 {
            throw bad("the W/Si resolution fit and t_max slope need at least two energies (got \(wsiEnergiesGeV))")
        }
        if threads < 1 { throw bad("threads must be at least 1 (got \(threads))") }
    }
}

/// Errors of the physics checks.
public enum PhysicsCheckError: Error, CustomStringConvertible, Equatable {
    case badConfiguration(String)

    public var description: String {
        switch self {
        case .badConfiguration(let s): return "physics-check: \(s)"
        }
    }
}
