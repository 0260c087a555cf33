import ArgumentParser
import CaloApp
import CaloSupport
import Foundation

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time the generator per shower at batch 1, 10, 128, 1024 and 10000 (CaloGAN's timing table).",
        discussion: """
            Uses --model, else the shipped model, else an untrained generator of the reference \
            architecture (65 -> 256 -> 512 -> 1024 -> 504), which times the same arithmetic.
            """)

    @Option(help: "Model folder.") var model: String?
    @Option(help: "Seconds per batch size (at least one call).") var seconds: Double = 1
    @Option(help: "Threads for OpenBLAS and the kernels.") var threads: Int = Threads.available
    @OptionGroup var precision: PrecisionOption
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard seconds > 0, threads > 0 else { throw ValidationError("--seconds and --threads must be positive") }
    }

    func run() throws {
        let result = try GenerateBenchmark.run(modelFolder: model.map { URL(fileURLWithPath: $0) }, minimumSeconds: seconds,
                                               threads: threads, precision: try precision.get())
        print(json ? result.jsonLine : result.text)
    }
}
