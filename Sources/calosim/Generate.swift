import ArgumentParser
import CaloApp
import CaloSupport
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate showers with a trained generator (fast MC).",
        discussion: """
            Example: calosim generate --energy 50 --n 100000 --out showers.h5
                     calosim generate --particle gamma --energy 50 --theta 20 --phi 0 --impact 5,-3 --n 100000
            Without --model, the model shipped in Resources/ for the default geometry.
            --energies-from ref.h5 makes one shower per incident energy of a reference file;
            --conditions-from ref.h5 one per reference shower at its particle, energy, direction
            and impact point. A condition outside the model's trained ranges warns (refused with
            --strict); a particle, direction or impact point the model was not trained to vary is
            refused.
            """)

    @OptionGroup var energy: EnergyOptions

    @OptionGroup var conditions: ConditionOptions

    @Option(name: .customLong("energies-from"), help: "One shower per incident energy of this HDF5 file.")
    var energiesFrom: String?

    @Option(name: .customLong("conditions-from"), help: "One shower per shower of this HDF5 file, at its full conditions.")
    var conditionsFrom: String?

    @Option(name: .customLong("n"), help: "Number of showers (with --energy or --energy-range).")
    var count: Int?

    @Option(help: "Only part K of N contiguous parts of the run, e.g. 3/10 (batch farms; see 'calosim merge').")
    var shard: String?

    @Option(help: "Model folder (default: the shipped model).")
    var model: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Refuse conditions outside the model's trained ranges instead of warning.")
    var strict = false

    @Option(name: .customLong("out"), help: "Output HDF5 file.")
    var out: String = "showers.h5"

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @Option(help: "Deflate compression level of the output, 0 (none, the default: fastest) to 9.")
    var compression: Int = 0

    @Option(name: .customLong("batch-size"), help: "Showers per batch (bounded memory).")
    var batchSize: Int = 10_000

    @OptionGroup var precision: PrecisionOption

    @OptionGroup var runOptions: RunOptions

    /// The options as the library's request.
    func request() throws -> GenerateJob.Request {
        var r = GenerateJob.Request(output: URL(fileURLWithPath: out))
        r.model = model.map { URL(fileURLWithPath: $0) }
        r.energiesFrom = energiesFrom.map { URL(fileURLWithPath: $0) }
        r.conditionsFrom = conditionsFrom.map { URL(fileURLWithPath: $0) }
        r.conditions = conditions.request()
        r.energy = try energy.request()
        r.count = count
        r.shard = try shard.map { try Shard(argument: $0) }
        r.seed = seed
        r.strict = strict
        r.overwrite = overwrite
        r.compressionLevel = compression
        r.batchSize = batchSize
        r.threads = runOptions.threads
        r.precision = try precision.get()
        r.progress = runOptions.progressMode
        return r
    }

    func validate() throws { try request().check() }

    func run() throws {
        let summary = try request().makeJob().run()
        print(String(format: "wrote %d showers to %@ in %.2f s (%.0f showers/s)", summary.showers, out, summary.seconds,
                     summary.showersPerSecond))
    }
}
