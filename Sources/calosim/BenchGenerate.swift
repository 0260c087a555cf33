import ArgumentParser
import CaloApp
import CaloBLAS
import CaloSupport
import Foundation

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time the generator per shower at batch 1, 10, 128, 1024 and 10000 (CaloGAN's timing table), and ONNX Runtime on its exported graph at 1, 128 and 10000.",
        discussion: """
            Uses --model, else the shipped model, else an untrained generator of the reference \
            architecture (65 -> 256 -> 512 -> 1024 -> 504), which times the same arithmetic.             Where python3 imports onnxruntime, the same model is exported to ONNX and ONNX Runtime             (CPU, the same threads) is timed on it at batch 1, 128 and 10000 in the same run.
            """)

    @Option(help: "Model folder.") var model: String?
    @Option(help: "Seconds per batch size (at least one call).") var seconds: Double = 1
    @Option(help: "Batch sizes to time, comma-separated.") var batches = "1,10,128,1024,10000"
    @Option(help: "Threads for OpenBLAS and the kernels.") var threads: Int = Threads.available
    @OptionGroup var precision: PrecisionOption
    @Option(name: .customLong("bf16-kernels"),
            help: "bf16 kernels to time one after the other in this run, comma-separated: calosim, onednn (default: the one calosim selects; see CALOSIM_BF16_KERNEL).")
    var bf16Kernels: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(name: .customLong("no-onnxruntime"), help: "Skip timing ONNX Runtime on the exported model.") var noONNXRuntime = false

    func validate() throws {
        guard seconds > 0, threads > 0 else { throw ValidationError("--seconds and --threads must be positive") }
        _ = try batchSizes()
        if let bf16Kernels {
            _ = try GenerateBenchmark.bf16Kernels(bf16Kernels)
            guard try precision.get().resolved() == .bf16 else {
                throw ValidationError("--bf16-kernels times bf16 products: use it with --precision bf16 (or auto on a CPU with AVX512-BF16)")
            }
        }
    }

    func batchSizes() throws -> [Int] {
        let sizes = batches.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CalosimError.badInput("--batches must be positive integers separated by commas (got '\(batches)')")
        }
        return sizes.compactMap { $0 }
    }

    func run() throws {
        let kernels: [BF16Kernel?] = try bf16Kernels.map { try GenerateBenchmark.bf16Kernels($0) } ?? [nil]
        var results = try kernels.map { kernel in
            try GenerateBenchmark.run(modelFolder: model.map { URL(fileURLWithPath: $0) }, batches: try batchSizes(),
                                      minimumSeconds: seconds, threads: threads, precision: try precision.get(), bf16Kernel: kernel)
        }
        if !noONNXRuntime {
            results[results.count - 1].onnxRuntime = GenerateBenchmark.onnxRuntime(modelFolder: model.map { URL(fileURLWithPath: $0) },
                                                                                   minimumSeconds: seconds, threads: threads)
        }
        if json {
            results.forEach { print($0.jsonLine) }
        } else {
            print(results.map(\.text).joined(separator: "\n"))
            GenerateBenchmark.ratioLines(results, names: kernels.map { $0?.rawValue ?? "" }).forEach { print($0) }
        }
    }
}
