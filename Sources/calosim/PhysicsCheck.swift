import ArgumentParser
import CaloApp
import Foundation

struct PhysicsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physics-check",
        abstract: "Shower-level physics acceptance checks of the reference simulator.",
        discussion: """
            Simulates e-, e+ and gamma showers in the profile, lateral, calogan-sampling, testem3 and wsi \
            geometries and prints each check: measured value +- error, expected band, pull, status. \
            PASS: inside the band; PASS(3sd): outside it by at most 3 errors; FAIL: beyond. \
            Energy points up to 10 GeV get --showers showers, higher ones fewer by sqrt(10 GeV / E): \
            63 at 100 GeV and 20 at 1 TeV for --showers 200, a 1 TeV shower taking seconds. \
            Exits with status 1 when a check fails.
            """)

    @Option(help: "Showers per energy point (at and below 10 GeV).")
    var showers: Int = 200

    @Option(help: "Checks to run, comma separated: \(PhysicsCheckRunner.checkNames.joined(separator: ",")) or all.")
    var checks: String = "all"

    @Option(name: .customLong("profile-energies"), help: "e- energies of the t_max scan and fluctuations, GeV (1 MeV - 1 TeV).")
    var profileEnergies: String = "1,10,100,1000"

    @Option(name: .customLong("sampling-energies"), help: "Energies of the sampling fraction and resolution, GeV.")
    var samplingEnergies: String = "1,2,5,10,20,50,100"

    @Option(name: .customLong("lateral-energies"), help: "Energies of the lateral containment, GeV.")
    var lateralEnergies: String = "10"

    @Option(name: .customLong("wsi-energies"), help: "e- energies of the W/Si stack (wsi), GeV.")
    var wsiEnergies: String = "1,3,10,30,100,300,1000"

    @Option(name: .customLong("wsi-showers"), help: "Showers per W/Si energy at and below 10 GeV (default: --showers).")
    var wsiShowers: Int?

    @Option(name: .customLong("testem3-showers"), help: "Showers of the TestEm3 comparison (default: --showers).")
    var testem3Showers: Int?

    @Option(name: .customLong("convergence-showers"), help: "Showers per convergence variant (default: --showers).")
    var convergenceShowers: Int?

    @Option(help: "Bootstrap replicas for the t_max errors.")
    var bootstrap: Int = 200

    @Option(help: "Random seed (Philox key).")
    var seed: UInt64 = 20_261_129

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Also write the JSON report (with mean profiles and leakage diagnostics) to this file.")
    var report: String?

    @OptionGroup var options: RunOptions

    func runner() throws -> PhysicsCheckRunner {
        var r = PhysicsCheckRunner()
        try r.setChecks(checks)
        r.configuration.showers = showers
        r.configuration.profileEnergiesGeV = try PhysicsCheckRunner.energies(profileEnergies, option: "--profile-energies")
        r.configuration.samplingEnergiesGeV = try PhysicsCheckRunner.energies(samplingEnergies, option: "--sampling-energies")
        r.configuration.lateralEnergiesGeV = try PhysicsCheckRunner.energies(lateralEnergies, option: "--lateral-energies")
        r.configuration.wsiEnergiesGeV = try PhysicsCheckRunner.energies(wsiEnergies, option: "--wsi-energies")
        r.configuration.wsiShowers = wsiShowers
        r.configuration.testem3Showers = testem3Showers
        r.configuration.convergenceShowers = convergenceShowers
        r.configuration.bootstrapReplicas = bootstrap
        r.configuration.seed = seed
        r.configuration.threads = options.threads
        r.json = json
        r.reportFile = report.map { URL(fileURLWithPath: $0) }
        r.verbose = !options.quiet
        return r
    }

    func validate() throws {
        try runner().check()
    }

    func run() throws {
        let (output, failed) = try runner().run()
        print(output)
        if failed > 0 { throw ExitCode(1) }
    }
}
