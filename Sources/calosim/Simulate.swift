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
            Example: calosim simulate --geometry calogan --particle e- --energy-range 1:100 --n 50000 --seed 7 \
            --out data/eminus.h5

            The same seed gives the same file whatever the thread count.
            """)

    @Option(help: "Geometry: a shipped name (see 'calosim info') or a JSON file.")
    var geometry: String = Geometry.defaultName

    @Option(help: "Primary particle: e-, e+ or gamma.")
    var particle = Choice<Particle>.electron

    @OptionGroup var energy: EnergyOptions

    @Option(name: .customLong("n"), help: "Number of showers.")
    var count: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("first-shower"), help: "Index of the first shower (shards of one seeded run; see 'calosim merge').")
    var firstShower: Int = 0

    @Option(help: "Only part K of N contiguous parts of the --n showers, e.g. 3/10 (batch farms; see 'calosim merge').")
    var shard: String?

    @Option(name: .customLong("impact"), help: "Impact point X,Y on the front face in mm.")
    var impact: String = "0,0"

    @Option(help: "Incidence angle to the beam axis in degrees (tilted in x-z).")
    var angle: Double = 0

    @Option(name: .customLong("production-cut"), help: "Production range cut in mm (Geant4 style).")
    var productionCut: Double = 0.7

    @OptionGroup var runOptions: RunOptions

    /// The options as the library's request; an unknown particle is refused here.
    func request() throws -> SimulateJob.Request {
        var r = SimulateJob.Request(output: URL(fileURLWithPath: output.out))
        r.geometry = geometry
        r.particle = try particle.get { CalosimError.badInput("unknown particle '\($0)' (use e-, e+ or gamma)") }
        r.energy = try energy.request()
        r.count = count
        r.seed = seed
        r.overwrite = output.overwrite
        r.compressionLevel = output.compression
        r.firstShower = firstShower
        r.shard = try shard.map { try Shard(argument: $0) }
        r.impactMM = impact
        r.angleDegrees = angle
        r.productionCutMM = productionCut
        r.threads = runOptions.threads
        r.progress = runOptions.progressMode
        return r
    }

    func validate() throws { _ = try request().makeJob() }

    func run() throws {
        let summary = try request().makeJob().run()
        print(String(format: "wrote %d showers to %@ in %.1f s (%.2f showers/s); mean escaped fraction %.4f; worst ledger residual %.1e",
                     summary.showers, output.out, summary.seconds, summary.showersPerSecond,
                     summary.meanEscapedFraction, summary.worstLedgerResidual))
    }
}
