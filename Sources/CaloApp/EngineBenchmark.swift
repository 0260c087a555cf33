import CaloBLAS
import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// `calosim bench engine`: checks the computation (sgemm against the triple loop, the penalty's
/// gradient against finite differences), then times training iterations of `BenchmarkGAN`,
/// inference-mode generation and sgemm alone for the networks' shapes.
public enum EngineBenchmark {
    /// The key of the correctness checks' random operands (`StreamDomain.Key.benchmarkCheck`).
    static let checkSeed: UInt64 = 3

    /// Validates the computation, then times training iterations, generation and sgemm.
    public static func run(_ config: EngineBenchmarkConfiguration, log: (String) -> Void = { _ in }) throws -> EngineBenchmarkResult {
        try config.validate()
        let precision = try config.precision.resolved()
        do { try BLAS.load() } catch { throw CalosimError.environment("\(error)") }
        BLAS.threads = config.threads
        TensorConfiguration.threads = config.threads

        let sgemmError = checkSgemm()
        guard sgemmError < 1e-4 else { throw CalosimError.environment("sgemm disagrees with the triple loop (rel. error \(sgemmError))") }
        let gan = try BenchmarkGAN(config)
        log("checking the computation")
        let check = gan.validate()
        guard check.criticLoss.isFinite, check.generatorLoss.isFinite, check.gradientPenalty.isFinite else {
            throw CalosimError.environment("benchmark losses are not finite: \(check)")
        }
        guard check.penaltyGradientRelativeError < 0.05 else {
            throw CalosimError.environment("penalty gradient disagrees with finite differences (rel. error \(check.penaltyGradientRelativeError))")
        }
        let validation = EngineBenchmarkResult.Validation(
            criticLoss: check.criticLoss, generatorLoss: check.generatorLoss, gradientPenalty: check.gradientPenalty,
            penaltyGradientRelativeError: check.penaltyGradientRelativeError, sgemmRelativeError: Double(sgemmError))

        log("warming up")
        for _ in 0..<config.warmupIterations { gan.iteration() }
        log("timing \(config.iterations) iterations")
        let allocationsBefore = BufferPool.shared.freshAllocations
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<config.iterations { gan.iteration() }
        let secondsPerIteration = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(config.iterations)
        let allocations = Double(BufferPool.shared.freshAllocations - allocationsBefore) / Double(config.iterations)

        log("timing generation")
        let plan = try MLPInference(gan.generator.network, precision: precision)
        _ = gan.generate(count: config.generationBatch, stream: 0, plan: plan)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var done = 0, batchIndex = 1
        while done < config.generationShowers {
            let n = min(config.generationBatch, config.generationShowers - done)
            _ = gan.generate(count: n, stream: UInt64(batchIndex), plan: plan)
            done += n
            batchIndex += 1
        }
        let showersPerSecond = Double(config.generationShowers) / (Double(DispatchTime.now().uptimeNanoseconds - t1) * 1e-9)

        var figures: [EngineBenchmarkResult.SgemmFigure] = []
        if config.measureSgemm {
            log("timing sgemm")
            figures = sgemmShapes(config).map { role, m, n, k, ta, tb in
                .init(role: role, m: m, n: n, k: k, transposeA: ta, transposeB: tb,
                      gflops: timeSgemm(m: m, n: n, k: k, transposeA: ta, transposeB: tb))
            }
        }
        return EngineBenchmarkResult(
            kernel: BLAS.coreName ?? "unknown", threads: config.threads, batch: config.batch, criticSteps: config.criticSteps,
            iterations: config.iterations, generatorParameters: gan.generator.parameterCount,
            criticParameters: gan.critic.parameterCount, secondsPerIteration: secondsPerIteration,
            generationBatch: config.generationBatch, generationPrecision: precision.rawValue, generationKernel: precision.kernel,
            showersPerSecond: showersPerSecond,
            bufferAllocationsPerIteration: allocations, validation: validation, sgemm: figures)
    }

    /// Largest relative error of sgemm against the triple loop on an odd-shaped product.
    static func checkSgemm() -> Float {
        let (m, n, k) = (37, 29, 67)
        var g = StreamDomain.sgemmCheck.generator(key: checkSeed, index: 0)
        let a = Tensor.uniform(shape: [k, m], low: -1, high: 1, generator: &g)
        let b = Tensor.uniform(shape: [n, k], low: -1, high: 1, generator: &g)
        let fast = matmul(a, b, transposeA: true, transposeB: true).scalars
        let slow = Reference.matmul(a.scalars, b.scalars, m: m, n: n, k: k, transposeA: true, transposeB: true)
        return zip(fast, slow).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
    }

    /// The sgemm calls of one training step (forward NT, input gradient NN, weight gradient TN)
    /// and of generation.
    static func sgemmShapes(_ c: EngineBenchmarkConfiguration) -> [(String, Int, Int, Int, Bool, Bool)] {
        var shapes: [(String, Int, Int, Int, Bool, Bool)] = []
        let g = [c.latent + 1] + c.generatorHidden + [c.cells], d = [c.cells + 1] + c.criticHidden + [1]
        for (name, sizes) in [("G", g), ("D", d)] {
            for i in 0..<(sizes.count - 1) where sizes[i + 1] > 1 {
                let (fin, fout) = (sizes[i], sizes[i + 1])
                shapes.append(("\(name)\(i) forward", c.batch, fout, fin, false, true))
                shapes.append(("\(name)\(i) input gradient", c.batch, fin, fout, false, false))
                shapes.append(("\(name)\(i) weight gradient", fout, fin, c.batch, true, false))
            }
        }
        for i in 0..<(g.count - 1) { shapes.append(("G\(i) generation", c.generationBatch, g[i + 1], g[i], false, true)) }
        return shapes
    }

    /// GFLOPS of one shape, repeated for about 50 ms after a warm-up call.
    static func timeSgemm(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Double {
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        func once() {
            BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: transposeA ? m : k,
                       b: b, ldb: transposeB ? k : n, c: &c, ldc: n)
        }
        once()
        let flops = 2.0 * Double(m) * Double(n) * Double(k)
        let reps = max(3, min(2000, Int(0.05 * 200e9 / flops)))
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reps { once() }
        return flops * Double(reps) / Double(DispatchTime.now().uptimeNanoseconds - t0)
    }
}
