import CaloDetector
import CaloSim
import CaloSupport
import Foundation

/// The shower-level physics acceptance checks of the reference simulator (docs/physics.md
/// §14): simulates the samples each check needs on all threads and returns a report.
///
/// Groups (`PhysicsCheckConfiguration.Check`): longitudinal profile, lateral containment,
/// energy response, shower-to-shower fluctuations, convergence, Geant4 TestEm3, the W/Si stack; the energy and
/// readout ledgers are checked on every shower of every group. Each outcome names its quantity
/// (`PhysicsCheckID`). Samples are shared between groups (the profile samples feed the
/// fluctuations and the convergence reference) and simulated once per run.
public enum PhysicsCheck {
    /// Makes the simulator for a geometry and physics variant.
    public typealias SourceFactory = @Sendable (Geometry, PhysicsVariant) throws -> any ShowerSource

    /// Runs the checks of `configuration` with showers from `source` (default: `ShowerSimulator`).
    /// `log` receives one line per simulated sample (on the calling thread).
    public static func run(configuration: PhysicsCheckConfiguration,
                           source: @escaping SourceFactory = PhysicsCheck.referenceSimulator,
                           log: @escaping (String) -> Void = { _ in }) throws -> PhysicsCheckReport {
        try configuration.validate()
        let run = PhysicsCheckRun(configuration: configuration, source: source, log: log)
        let checks = configuration.checks.sorted()
        for check in checks {
            switch check {
            case .profile: try run.profileChecks()
            case .lateral: try run.lateralChecks()
            case .sampling: try run.samplingChecks()
            case .fluctuations: try run.fluctuationChecks()
            case .convergence: try run.convergenceChecks()
            case .testem3: try run.testem3Checks()
            case .wsi: try run.wsiChecks()
            }
        }
        run.ledgerChecks()
        return run.report
    }
}

/// The state of one `PhysicsCheck.run`: geometries, simulators and samples already made.
final class PhysicsCheckRun {
    let configuration: PhysicsCheckConfiguration
    let source: PhysicsCheck.SourceFactory
    let log: (String) -> Void
    var report: PhysicsCheckReport
    private var geometries: [String: Geometry] = [:]
    private var sources: [String: any ShowerSource] = [:]
    private var samples: [String: ShowerSample] = [:]
    private var containments: [String: LateralContainment] = [:]

    /// Radii of the lateral containment, in R_M,eff.
    static let containmentRadii = [1.0, 2.0, 3.5]

    init(configuration: PhysicsCheckConfiguration, source: @escaping PhysicsCheck.SourceFactory,
         log: @escaping (String) -> Void) {
        self.configuration = configuration
        self.source = source
        self.log = log
        report = PhysicsCheckReport(configuration: configuration)
    }

    /// A shipped geometry, or "lateral-argon": `lateral` read out in the argon only (same stack
    /// and cells, so the same transport), for the containment of the visible energy.
    func geometry(_ name: String) throws -> Geometry {
        if let g = geometries[name] { return g }
        let g: Geometry
        if name == PhysicsCheckRun.argonLateral {
            let json = try geometry("lateral").json
                .replacingOccurrences(of: "\"scoring\": \"all\"", with: "\"scoring\": \"active\"")
                .replacingOccurrences(of: "\"name\": \"lateral\"", with: "\"name\": \"\(name)\"")
            g = try Geometry(json: json)
            require(g.layers.allSatisfy { $0.scoring == .active }, "lateral-argon: the lateral JSON changed format")
        } else {
            g = try Geometry.resolve(name)
        }
        geometries[name] = g
        return g
    }

    /// Name of the argon-scored view of `lateral`.
    static let argonLateral = "lateral-argon"

    /// The sample of `count` showers (default from the configuration's energy scaling).
    func sample(_ geometryName: String, _ particle: Particle, energyGeV: Double,
                variant: PhysicsVariant = .reference, count: Int? = nil) throws -> ShowerSample {
        let n = count ?? configuration.showers(atGeV: energyGeV)
        let key = "\(geometryName)/\(particle.rawValue)/\(energyGeV)/\(variant.rawValue)/\(n)"
        if let s = samples[key] { return s }
        let g = try geometry(geometryName)
        let sourceKey = "\(geometryName)/\(variant.rawValue)"
        let src: any ShowerSource
        if let s = sources[sourceKey] { src = s } else { src = try source(g, variant); sources[sourceKey] = src }
        var containment: LateralContainment?
        if geometryName == "lateral" || geometryName == PhysicsCheckRun.argonLateral {
            if let c = containments[geometryName] { containment = c } else {
                let c = LateralContainment(geometry: g, radiiMM: PhysicsCheckRun.containmentRadii.map { $0 * PhysicsReference.moliereRadiusMM })
                containments[geometryName] = c
                containment = c
            }
        }
        let primary = Primary(particle: particle, kineticEnergyMeV: energyGeV * 1000)
        let s = ShowerSample(source: src, geometry: g, primary: primary, variant: variant, count: n,
                             seed: configuration.seed, threads: configuration.threads, containment: containment)
        samples[key] = s
        report.samples.append(.init(geometry: geometryName, particle: particle.rawValue, energyGeV: energyGeV,
                                    variant: variant.rawValue, showers: n, seconds: s.seconds))
        log(String(format: "simulated %@ %@ %g GeV (%@): %d showers in %.1f s (%.1f ms/GeV)", geometryName,
                   particle.rawValue, energyGeV, variant.rawValue, n, s.seconds,
                   1000 * s.seconds / (Double(n) * energyGeV) * Double(configuration.threads)))
        return s
    }

    /// Depths (X0,eff) of a geometry's layers.
    func depths(_ geometryName: String) throws -> [Double] {
        DepthAxis.layerCentres(try geometry(geometryName), radiationLengthMM: PhysicsReference.radiationLengthMM)
    }

    func add(_ c: CheckOutcome) { report.checks.append(c) }

    /// Label of an energy: "10 GeV".
    static func label(_ e: Double) -> String { String(format: "%g GeV", e) }

    /// The energy ledger and the readout bookkeeping of every shower simulated (docs/physics.md
    /// §14.3): both within `PhysicsReference.ledgerTolerance`.
    func ledgerChecks() {
        var worst = 0.0, worstReadout = 0.0, n = 0
        for s in samples.values {
            for sh in s.showers {
                worst = max(worst, sh.ledgerResidual)
                worstReadout = max(worstReadout, sh.readoutResidual)
                n += 1
            }
        }
        guard n > 0 else { return }
        for (key, s) in samples.sorted(by: { $0.key < $1.key }) {
            let e = s.showers.reduce(into: [0.0, 0.0, 0.0]) { acc, sh in
                acc[0] += sh.escapedBackwardMeV / sh.incidentMeV
                acc[1] += sh.escapedForwardMeV / sh.incidentMeV
                acc[2] += sh.escapedLateralMeV / sh.incidentMeV
            }
            report.diagnostics["escaped fraction backward, forward, lateral: \(key)"] = e.map { $0 / Double(s.showers.count) }
            report.diagnostics["largest ledger residual: \(key)"] = [s.showers.map(\.ledgerResidual).max() ?? 0]
        }
        let band = 0...PhysicsReference.ledgerTolerance
        add(CheckOutcome(check: .energyLedger, name: "ledger: max |E_in - E_dep - E_esc|/E_in", value: worst, error: 0,
                         band: band, note: "\(n) showers at \(samples.count) points"))
        add(CheckOutcome(check: .readoutLedger, name: "readout: max |scored - expected|/E_in", value: worstReadout, error: 0,
                         band: band, note: "\(n) showers"))
    }
}
