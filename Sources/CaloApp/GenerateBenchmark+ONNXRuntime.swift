import CaloGAN
import CaloONNX
import CaloSupport
import Foundation

extension GenerateBenchmark {
    /// ONNX Runtime on the exported graph of the same generator (`ONNXExport`), timed beside
    /// calosim's own path: CPU provider, the same thread count, ms per shower at each batch.
    public struct ONNXRuntimeTiming: Codable, Sendable {
        /// "onnx X, onnxruntime Y", or why ONNX Runtime did not run.
        public let status: String
        public let available: Bool
        public let rows: [Row]

        public var lines: [String] {
            guard available else { return ["ONNX Runtime: unavailable (\(status))"] }
            return ["ONNX Runtime on the exported graph (\(status), CPU provider):", "   batch   ms/shower   showers/s"]
                + rows.map { String(format: "%8d  %10.4f  %10.0f", $0.batch, $0.millisecondsPerShower, $0.showersPerSecond) }
        }
    }

    /// The batch sizes ONNX Runtime is timed at (Geant4 calls one particle at a time).
    public static let onnxRuntimeBatches = [1, 128, 10_000]

    /// Exports the generator of `generator(folder:)` to a temporary file and times ONNX Runtime
    /// on it (`ONNXRuntime.benchmark`); unavailable, with the reason, where python3 cannot
    /// import onnxruntime or the run fails.
    public static func onnxRuntime(modelFolder: URL?, minimumSeconds: Double, threads: Int) -> ONNXRuntimeTiming {
        guard let versions = ONNXRuntime.versions() else {
            return ONNXRuntimeTiming(status: "python3 cannot import onnx and onnxruntime; pip install onnx onnxruntime",
                                     available: false, rows: [])
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-bench-\(UUID().uuidString).onnx")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            let (generator, _) = try generator(folder: modelFolder)
            try ONNXExport.write(generator, to: file, overwrite: true)
            let timings = try ONNXRuntime.benchmark(model: file, latent: generator.configuration.hyperparameters.latentDimension,
                                                    batches: onnxRuntimeBatches, minimumSeconds: minimumSeconds, threads: threads)
            return ONNXRuntimeTiming(status: versions, available: true,
                                     rows: timings.map { Row(batch: $0.batch, millisecondsPerShower: $0.milliseconds) })
        } catch {
            return ONNXRuntimeTiming(status: "\(error)", available: false, rows: [])
        }
    }
}
