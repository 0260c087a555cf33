import CaloBLAS
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// `calosim bench generate`: generator time per shower at the batch sizes of the CaloGAN timing
/// table (1, 10, 128, 1024, 10000), inference only (no file writing).
public enum GenerateBenchmark {
    public struct Row: Codable, Sendable {
        public let batch: Int
        /// Wall time of all calls over their showers: what a busy host sees, time the process
        /// waited for a core included.
        public let millisecondsPerShower: Double
        /// The median and the fastest single call over its showers (calosim's own timings): on
        /// a machine shared with other jobs the cost of the computation itself.
        public var medianCallMillisecondsPerShower: Double? = nil
        public var fastestCallMillisecondsPerShower: Double? = nil
        public var showersPerSecond: Double { 1000 / millisecondsPerShower }
    }

    public struct Result: Codable, Sendable {
        public let model: String
        public let trained: Bool
        public let parameters: Int
        public let threads: Int
        /// The arithmetic of the products (fp32 or bf16) and the kernel that ran them.
        public let precision: String
        public let kernel: String
        public let rows: [Row]
        /// ONNX Runtime on the exported graph, when it was timed too.
        public var onnxRuntime: ONNXRuntimeTiming? = nil

        public var text: String {
            var lines = ["generator: \(model)\(trained ? "" : " (untrained reference architecture: timing only)"), \(parameters) parameters, \(threads) threads",
                         "precision: \(precision), kernel \(kernel)",
                         "   batch   ms/shower   showers/s   median call   fastest call (ms/shower)"]
            for r in rows {
                lines.append(String(format: "%8d  %10.4f  %10.0f  %12.4f  %13.4f", r.batch, r.millisecondsPerShower, r.showersPerSecond,
                                    r.medianCallMillisecondsPerShower ?? .nan, r.fastestCallMillisecondsPerShower ?? .nan))
            }
            lines += onnxRuntime?.lines ?? []
            return lines.joined(separator: "\n")
        }

        public var jsonLine: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
        }
    }

    /// The generator to time: the model in `folder`, else the shipped model, else an untrained
    /// generator of the reference architecture (65 -> 256 -> 512 -> 1024 -> 504), which does the
    /// same arithmetic.
    public static func generator(folder: URL?, precision: InferencePrecision = .fp32,
                                 bf16Kernel: BF16Kernel? = nil) throws -> (generator: TrainedGenerator, trained: Bool) {
        if let folder = folder ?? TrainedGenerator.shippedModelFolder() {
            return (try TrainedGenerator(folder: folder, precision: precision, bf16Kernel: bf16Kernel), true)
        }
        let geometry = try Geometry.resolve(Geometry.defaultName)
        return (try TrainedGenerator(untrained: ModelConfiguration(
            modelId: "reference-architecture", geometry: geometry, particle: .electron,
            condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), hyperparameters: GANHyperparameters(),
            iteration: 0, trainingData: "none", trainingDataSeed: 0), precision: precision, bf16Kernel: bf16Kernel), false)
    }

    /// Times the generator of `generator(folder:precision:bf16Kernel:)` on `threads` threads.
    public static func run(modelFolder: URL?, batches: [Int] = [1, 10, 128, 1024, 10_000], minimumSeconds: Double = 1,
                           threads: Int, precision: InferencePrecision = .fp32, bf16Kernel: BF16Kernel? = nil) throws -> Result {
        try BLAS.load()
        let (generator, trained) = try generator(folder: modelFolder, precision: precision, bf16Kernel: bf16Kernel)
        EngineThreads.set(threads)
        return try run(generator: generator, trained: trained, batches: batches, minimumSeconds: minimumSeconds, threads: threads)
    }

    /// Times `generator` (one untimed call, then repeats for at least `minimumSeconds` per batch
    /// size; mean, median and fastest call). Checks the output is finite and non-negative first.
    public static func run(generator: TrainedGeneratorLike, trained: Bool, batches: [Int] = [1, 10, 128, 1024, 10_000],
                           minimumSeconds: Double = 1, threads: Int) throws -> Result {
        try BLAS.load()
        let probe = generator.generate(incidentMeV: [50_000], seed: 1, firstIndex: 0)
        guard probe.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw CalosimError.environment("generator output is not finite and non-negative; refusing to time it")
        }
        let rows = batches.map { b in
            let energies = (0..<b).map { Float(1000 + 99_000 * Double($0) / Double(max(b - 1, 1))) }
            return measure(batch: b, minimumSeconds: minimumSeconds) { _ = generator.generate(incidentMeV: energies, seed: 3, firstIndex: 0) }
        }
        return Result(model: generator.configuration.modelId, trained: trained, parameters: generator.parameterCount,
                      threads: threads, precision: generator.precisionName, kernel: generator.kernelName, rows: rows)
    }
}

extension GenerateBenchmark {
    /// Times `call` (one batch of `batch` showers): one untimed call, then calls until
    /// `minimumSeconds` have passed (at least one), each timed on its own too.
    static func measure(batch: Int, minimumSeconds: Double, _ call: () -> Void) -> Row {
        call()
        var calls: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        var last = start
        repeat {
            call()
            let now = DispatchTime.now().uptimeNanoseconds
            calls.append(Double(now - last) * 1e-6)
            last = now
        } while Double(last - start) * 1e-9 < minimumSeconds
        calls.sort()
        let perShower = 1 / Double(batch)
        return Row(batch: batch, millisecondsPerShower: Double(last - start) * 1e-6 * perShower / Double(calls.count),
                   medianCallMillisecondsPerShower: calls[calls.count / 2] * perShower,
                   fastestCallMillisecondsPerShower: calls[0] * perShower)
    }
}

/// What the benchmark needs of a generator.
public protocol TrainedGeneratorLike: ShowerGenerating {
    var parameterCount: Int { get }
    /// "fp32" or "bf16".
    var precisionName: String { get }
    /// The kernel of the products.
    var kernelName: String { get }
}

extension TrainedGenerator: TrainedGeneratorLike {
    public var parameterCount: Int { network.parameterCount }
    public var precisionName: String { precision.rawValue }
    public var kernelName: String { kernel }
}
