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

            Mixtures (values may start with '-'): --particle e-,gamma (equal shares) or e-:2,gamma:1 (weights), --theta-range 0:30 \
            (degrees from the normal, uniform in cos theta unless --theta-spectrum uniform), --phi-range -180:180 \
            (degrees), --impact-range -20:20,-20:20 (mm); each shower draws its own.

            The same seed gives the same file whatever the thread count.

            Long runs: with --shards-dir DIR the run is made as shard files of --shard-size showers, \
            each written atomically; rerunning the same command after a kill makes only the missing \
            shards, then all are merged into --out.
            """)

    @Option(help: "Geometry: a shipped name (see 'calosim info') or a JSON file.")
    var geometry: String = Geometry.defaultName

    @Option(help: "Primary particle: e-, e+ or gamma; a mixture e-,e+,gamma (equal shares) or e-:2,gamma:1 (weights).")
    var particle = "e-"

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

    @Option(name: .customLong("impact"), parsing: .unconditional, help: "Impact point X,Y on the front face in mm (default 0,0).")
    var impact: String?

    @Option(name: .customLong("impact-range"), parsing: .unconditional, help: "Impact points drawn uniformly over X0:X1,Y0:Y1 in mm.")
    var impactRange: String?

    @Option(parsing: .unconditional, help: "Incidence angle theta to the normal in degrees, 0 to below 90 (default 0).")
    var angle: Double?

    @Option(name: .customLong("theta-range"), parsing: .unconditional, help: "theta drawn over LOW:HIGH degrees, e.g. 0:30.")
    var thetaRange: String?

    @Option(name: .customLong("theta-spectrum"), help: "Spread over --theta-range: cosine (uniform in cos theta) or uniform.")
    var thetaSpectrum = Choice(ArrivalSpectrum.ThetaShape.cosine, text: "cosine")

    @Option(parsing: .unconditional, help: "Azimuth phi of the direction about the normal, degrees from +x towards +y, -180 to 180 (default 0: tilted in x-z).")
    var phi: Double?

    @Option(name: .customLong("phi-range"), parsing: .unconditional, help: "phi drawn uniformly over LOW:HIGH degrees, e.g. -180:180.")
    var phiRange: String?

    @Option(name: .customLong("production-cut"), help: "Production range cut in mm (Geant4 style).")
    var productionCut: Double = 0.7

    @Option(name: .customLong("shards-dir"), help: "Make the run shard by shard in this folder; a rerun skips finished shards, then merges into --out.")
    var shardsDir: String?

    @Option(name: .customLong("shard-size"), help: "Showers per shard with --shards-dir.")
    var shardSize: Int = 1000

    @Flag(name: .customLong("readout-threshold"), help: "Zero stored cells below the geometry's readout threshold (par04-ds2/ds3: 15.15 keV, as the CaloChallenge).")
    var readoutThreshold = false

    @OptionGroup var runOptions: RunOptions

    /// The options as the library's request; an unknown particle or theta spectrum is refused here.
    func request() throws -> SimulateJob.Request {
        var r = SimulateJob.Request(output: URL(fileURLWithPath: output.out))
        r.geometry = geometry
        r.particles = try ParticleMixture(parsing: particle)
        r.energy = try energy.request()
        r.count = count
        r.seed = seed
        r.overwrite = output.overwrite
        r.compressionLevel = output.compression
        r.firstShower = firstShower
        r.shard = try shard.map { try Shard(argument: $0) }
        r.arrival.impactMM = impact
        r.arrival.impactRangeMM = impactRange
        r.arrival.angleDegrees = angle
        r.arrival.thetaRangeDegrees = thetaRange
        r.arrival.thetaShape = try thetaSpectrum.get {
            CalosimError.badInput("--theta-spectrum must be 'cosine' or 'uniform' (got '\($0)')")
        }
        r.arrival.phiDegrees = phi
        r.arrival.phiRangeDegrees = phiRange
        r.productionCutMM = productionCut
        r.readoutThreshold = readoutThreshold
        r.threads = runOptions.threads
        r.progress = runOptions.progressMode
        r.shardsDirectory = shardsDir.map { URL(fileURLWithPath: $0) }
        r.showersPerShard = shardSize
        return r
    }

    func validate() throws { _ = try request().makeJob() }

    func run() throws {
        let summary = try request().makeJob().run()
        if shardsDir != nil {
            print(String(format: "simulated %d showers (missing shards) in %.1f s (%.2f showers/s) and merged %d into %@",
                         summary.showers, summary.seconds, summary.showersPerSecond, count, output.out))
            return
        }
        print(String(format: "wrote %d showers to %@ in %.1f s (%.2f showers/s); mean escaped fraction %.4f; worst ledger residual %.1e",
                     summary.showers, output.out, summary.seconds, summary.showersPerSecond,
                     summary.meanEscapedFraction, summary.worstLedgerResidual))
    }
}
