import ArgumentParser
import CaloApp
import Foundation

struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time the tensor engine on the reference conditional WGAN-GP.",
        discussion: """
            Seconds per generator iteration (critic steps with gradient penalty + 1 generator step, Adam), \
            showers per second generated in inference mode, and sgemm GFLOPS for the networks' shapes. \
            The computation is validated before anything is timed. To compare with another framework, time the same \
            networks there in the same shell, under the same load.
            """)

    @Option(help: "Timed generator iterations.") var iterations = 20
    @Option(help: "Untimed iterations first.") var warmup = 3
    @Option(help: "Training batch size.") var batch = 128
    @Option(help: "Critic steps per generator step.") var criticSteps = 5
    @Option(help: "Batch size for the generation rate.") var generationBatch = 10_000
    @Option(help: "Showers generated for the generation rate.") var generationShowers = 100_000
    @Option(help: "Threads for OpenBLAS and the engine's kernels.") var threads = 2
    @Flag(help: "Skip the per-shape sgemm timings.") var noSgemm = false
    @OptionGroup var precision: PrecisionOption
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard iterations >= 1, warmup >= 0, batch >= 1, criticSteps >= 1, generationBatch >= 1, generationShowers >= 1,
              threads >= 1 else {
            throw ValidationError("sizes and counts must be positive (warmup may be 0)")
        }
    }

    var benchmarkConfiguration: EngineBenchmarkConfiguration {
        var c = EngineBenchmarkConfiguration()
        c.iterations = iterations
        c.warmupIterations = warmup
        c.batch = batch
        c.criticSteps = criticSteps
        c.generationBatch = generationBatch
        c.generationShowers = generationShowers
        c.threads = threads
        c.measureSgemm = !noSgemm
        c.precision = (try? precision.get()) ?? .auto
        return c
    }

    func run() throws {
        let log: (String) -> Void = json ? { _ in } : { FileHandle.standardError.write(Data(("… " + $0 + "\n").utf8)) }
        let result = try EngineBenchmark.run(benchmarkConfiguration, log: log)
        print(json ? result.jsonLine : result.text)
    }
}
