import ArgumentParser
import CaloApp
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time the generator per shower at batch 1, 10, 128, 1024 and 10000 (CaloGAN's timing table).",
        discussion: """
            Uses --model, else the shipped model, else an untrained generator of the reference
            architecture (65 -> 256 -> 512 -> 1024 -> 504), which times the same arithmetic.
            """)

    @Option(help: "Model folder.") var model: String?
    @Option(help: "Seconds per batch size (at least one call).") var seconds: Double = 1
    @Option(help: "Threads for OpenBLAS and the kernels.") var threads: Int = Threads.available
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard seconds > 0, threads > 0 else { throw ValidationError("--seconds and --threads must be positive") }
    }

    func run() throws {
        let generator: TrainedGenerator
        var trained = true
        if let folder = model.map({ URL(fileURLWithPath: $0) }) ?? TrainedGenerator.shippedModelFolder() {
            generator = try TrainedGenerator(folder: folder)
        } else {
            trained = false
            let geometry = try Geometry.resolve(Geometry.defaultName)
            generator = TrainedGenerator(untrained: ModelConfiguration(
                modelId: "reference-architecture", geometry: geometry, particle: .electron,
                condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), hyperparameters: GANHyperparameters(),
                iteration: 0, trainingData: "none", trainingDataSeed: 0))
        }
        EngineThreads.set(threads)
        let result = try GenerateBenchmark.run(generator: generator, trained: trained, minimumSeconds: seconds, threads: threads)
        print(json ? result.jsonLine : result.text)
    }
}
