import ArgumentParser
import CaloSupport

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate showers with a trained generator (fast MC) (arrives with the GAN issue).",
        discussion: """
            Example: calosim generate --energy 50 --n 100000 --out showers.h5
            Without --model, the model shipped in Resources/ for the default geometry.
            --energies-from ref.h5 makes one shower per incident energy of a reference file.
            """)

    @OptionGroup var energy: EnergyOptions

    @Option(name: .customLong("energies-from"), help: "One shower per incident energy of this HDF5 file.")
    var energiesFrom: String?

    @Option(name: .customLong("n"), help: "Number of showers.")
    var count: Int?

    @Option(help: "Model folder (default: the shipped model).")
    var model: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Refuse energies outside the model's trained range instead of warning.")
    var strict = false

    @OptionGroup var output: OutputOptions

    @OptionGroup var runOptions: RunOptions

    func run() throws {
        throw CalosimError.environment("calosim generate is not available in this build yet (no trained model ships yet)")
    }
}
