import ArgumentParser
import CaloApp
import CaloDetector
import CaloSim
import CaloSupport
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate reference showers with the detailed Monte Carlo into an HDF5 dataset.",
        discussion: """
            Example: calosim simulate --geometry calogan --particle e- --energy-range 1:100 \\
                       --n 50000 --seed 7 --out data/eminus.h5
            The same seed gives the same file whatever the thread count.
            """)

    @Option(help: "Geometry: a shipped name (see 'calosim info') or a JSON file.")
    var geometry: String = Geometry.defaultName

    @Option(help: "Primary particle: e-, e+ or gamma.")
    var particle: String = "e-"

    @OptionGroup var energy: EnergyOptions

    @Option(name: .customLong("n"), help: "Number of showers.")
    var count: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("first-shower"), help: "Index of the first shower (shards of one seeded run; see 'calosim merge').")
    var firstShower: Int = 0

    @Option(name: .customLong("impact"), help: "Impact point X,Y on the front face in mm.")
    var impact: String = "0,0"

    @Option(help: "Incidence angle to the beam axis in degrees (tilted in x-z).")
    var angle: Double = 0

    @Option(name: .customLong("production-cut"), help: "Production range cut in mm (Geant4 style).")
    var productionCut: Double = 0.7

    @OptionGroup var runOptions: RunOptions

    func makeJob() throws -> SimulateJob {
        guard let species = Particle(name: particle) else {
            throw CalosimError.badInput("unknown particle '\(particle)' (use e-, e+ or gamma)")
        }
        let parts = impact.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1] else {
            throw CalosimError.badInput("--impact must be X,Y in mm (got '\(impact)')")
        }
        guard productionCut > 0 else { throw CalosimError.badInput("--production-cut must be > 0 mm") }
        let spectrum = try EnergySpectrum.parse(energyGeV: energy.energy, rangeGeV: energy.energyRange,
                                                spectrum: energy.spectrum, allowedMeV: Primary.energyRangeMeV)
        var job = SimulateJob(geometry: try Geometry.resolve(geometry), particle: species, spectrum: spectrum,
                              count: count, seed: seed, threads: runOptions.threads,
                              output: URL(fileURLWithPath: output.out), overwrite: output.overwrite)
        job.impactXMM = x
        job.impactYMM = y
        job.thetaRadians = angle * .pi / 180
        job.simulation.productionCutMM = productionCut
        job.progress = runOptions.progressMode
        job.compressionLevel = output.compression
        job.firstShower = firstShower
        try job.check()
        try job.checkOutput()
        return job
    }

    func validate() throws { _ = try makeJob() }

    func run() throws {
        let summary = try makeJob().run()
        print(String(format: "wrote %d showers to %@ in %.1f s (%.2f showers/s); mean escaped fraction %.4f; worst ledger residual %.1e",
                     summary.showers, output.out, summary.seconds, summary.showersPerSecond,
                     summary.meanEscapedFraction, summary.worstLedgerResidual))
    }
}
