import ArgumentParser
import CaloApp
import CaloGAN
import CaloSim
import CaloSupport
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate showers with a trained generator (fast MC).",
        discussion: """
            Example: calosim generate --energy 50 --n 100000 --out showers.h5
            Without --model, the model shipped in Resources/ for the default geometry.
            --energies-from ref.h5 makes one shower per incident energy of a reference file.
            """)

    @OptionGroup var energy: EnergyOptions

    @Option(name: .customLong("energies-from"), help: "One shower per incident energy of this HDF5 file.")
    var energiesFrom: String?

    @Option(name: .customLong("n"), help: "Number of showers (with --energy or --energy-range).")
    var count: Int?

    @Option(help: "Model folder (default: the shipped model).")
    var model: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Refuse energies outside the model's trained range instead of warning.")
    var strict = false

    @Option(name: .customLong("out"), help: "Output HDF5 file.")
    var out: String = "showers.h5"

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @Option(help: "Deflate compression level of the output, 0 (none, the default: fastest) to 9.")
    var compression: Int = 0

    @Option(name: .customLong("batch-size"), help: "Showers per batch (bounded memory).")
    var batchSize: Int = 10_000

    @OptionGroup var runOptions: RunOptions

    func makeJob() throws -> GenerateJob {
        let folder: URL
        if let model {
            folder = URL(fileURLWithPath: model)
        } else if let shipped = TrainedGenerator.shippedModelFolder() {
            folder = shipped
        } else {
            throw CalosimError.environment("no model shipped in Resources/Models yet; pass --model DIR (from 'calosim train')")
        }
        guard batchSize > 0 else { throw CalosimError.badInput("--batch-size must be > 0") }
        guard (0...9).contains(compression) else { throw CalosimError.badInput("--compression must be 0 to 9 (got \(compression))") }
        let generator = try TrainedGenerator(folder: folder)
        let energies: GenerateJob.Energies
        if let file = energiesFrom {
            guard energy.energy == nil, energy.energyRange == nil, count == nil else {
                throw CalosimError.badInput("--energies-from replaces --energy, --energy-range and --n")
            }
            energies = .file(URL(fileURLWithPath: file))
        } else {
            guard let n = count else { throw CalosimError.badInput("give --n (the number of showers)") }
            guard n > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(n))") }
            energies = .spectrum(try EnergySpectrum.parse(energyGeV: energy.energy, rangeGeV: energy.energyRange,
                                                          spectrum: energy.spectrum, allowedMeV: Primary.energyRangeMeV), count: n)
        }
        try OutputCheck.check(URL(fileURLWithPath: out), overwrite: overwrite)
        var job = GenerateJob(generator: generator, energies: energies, seed: seed, output: URL(fileURLWithPath: out),
                              overwrite: overwrite)
        job.strict = strict
        job.batchSize = batchSize
        job.compressionLevel = compression
        job.progress = runOptions.progressMode
        return job
    }

    func validate() throws { _ = try makeJob() }

    func run() throws {
        EngineThreads.set(runOptions.threads)
        let summary = try makeJob().run()
        print(String(format: "wrote %d showers to %@ in %.2f s (%.0f showers/s)", summary.showers, out, summary.seconds,
                     summary.showersPerSecond))
    }
}
