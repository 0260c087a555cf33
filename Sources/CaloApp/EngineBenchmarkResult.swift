import Foundation

/// The measured figures.
public struct EngineBenchmarkResult: Codable, Sendable {
    /// One sgemm shape: op(A) [m, k] x op(B) [k, n].
    public struct SgemmFigure: Codable, Sendable {
        public var role: String
        public var m: Int, n: Int, k: Int
        public var transposeA: Bool, transposeB: Bool
        public var gflops: Double
    }

    /// Checks run before anything is timed.
    public struct Validation: Codable, Sendable {
        public var criticLoss: Double
        public var generatorLoss: Double
        public var gradientPenalty: Double
        /// |<grad_W penalty, v> - finite difference| / |finite difference| along a random direction v.
        public var penaltyGradientRelativeError: Double
        /// Largest relative error of sgemm against the triple loop on a test product.
        public var sgemmRelativeError: Double
    }

    public var kernel: String
    public var threads: Int
    public var batch: Int
    public var criticSteps: Int
    public var iterations: Int
    public var generatorParameters: Int
    public var criticParameters: Int
    public var secondsPerIteration: Double
    public var generationBatch: Int
    /// The generation rate's arithmetic ("fp32" or "bf16") and the kernel of its products.
    public var generationPrecision: String
    public var generationKernel: String
    public var showersPerSecond: Double
    /// New buffers taken from the system per timed iteration (0 when the pool serves everything).
    public var bufferAllocationsPerIteration: Double
    public var validation: Validation
    public var sgemm: [SgemmFigure]

    /// A table for the terminal.
    public var text: String {
        var lines = [
            "tensor engine: conditional WGAN-GP, batch \(batch), \(criticSteps) critic steps + 1 generator step",
            "  BLAS kernel \(kernel), \(threads) threads; G \(generatorParameters) parameters, D \(criticParameters)",
            String(format: "  checks: critic loss %.4f, generator loss %.4f, penalty %.4f, penalty gradient rel. error %.2e, sgemm rel. error %.2e",
                   validation.criticLoss, validation.generatorLoss, validation.gradientPenalty,
                   validation.penaltyGradientRelativeError, validation.sgemmRelativeError),
            String(format: "  training:   %.4f s per generator iteration (%d timed)", secondsPerIteration, iterations),
            String(format: "  generation: %.0f showers/s at batch %d, %@ (%@)", showersPerSecond, generationBatch,
                   generationPrecision as NSString, generationKernel as NSString),
            String(format: "  buffers newly allocated per iteration: %.2f", bufferAllocationsPerIteration),
        ]
        if !sgemm.isEmpty {
            lines.append("  sgemm GFLOPS (op(A)[m,k] x op(B)[k,n]):")
            for f in sgemm {
                lines.append(String(format: "    %-28@ m=%5d n=%5d k=%5d %@  %7.1f", f.role as NSString, f.m, f.n, f.k,
                                    "\(f.transposeA ? "T" : "N")\(f.transposeB ? "T" : "N")" as NSString, f.gflops))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension EngineBenchmarkResult {
    /// The result as one line of JSON (keys sorted).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
