import CaloData
import CaloBLAS
import CaloDetector
import CaloNN
import CaloResources
import CaloSupport
import CaloTensor
import Foundation

/// A trained generator loaded from a model folder: fast MC.
///
/// Inference only: the MLP runs as a plan made once (`MLPInference`: no graph, buffers kept
/// between calls), in fp32 (the reference) or bf16 (`InferencePrecision`). Shower k of a call
/// gets its noise from element firstIndex + k of `StreamDomain.generatorNoise` under `seed`, so
/// output does not depend on batching or threads; within one precision the same seed gives
/// the same bytes.
public final class TrainedGenerator: ShowerGenerating, @unchecked Sendable {
    public let configuration: ModelConfiguration
    public let network: ConditionalGenerator
    public let folder: URL
    /// The response calibration applied to every shower, if any (`ResponseCalibration`).
    public let calibration: ResponseCalibration?
    /// Per-species calibrations of a model of several species (each shower gets its species').
    public let speciesCalibrations: [SpeciesCalibration]?
    /// The arithmetic of the products (fp32, or bf16 with fp32 accumulation).
    public let precision: ResolvedPrecision
    private let plan: MLPInference
    /// The bf16 path's fused head (the `physics` head), else nil: the tensor ops.
    private let fusedHead: FusedPhysicsHead?

    /// Loads `model.json` and `generator.safetensors` from `folder`, refusing missing, truncated or
    /// mismatched files with a one-line message. `calibrated: false` ignores the model's response
    /// calibration (what `calosim calibrate` fits it against). `precision`: fp32 by default; bf16
    /// on a CPU without bf16 units is refused, `auto` takes bf16 where the CPU has them.
    /// `bf16Kernel`: the kernel of bf16 products, nil for `BF16Kernel.selected`.
    public init(folder: URL, calibrated: Bool = true, precision requested: InferencePrecision = .fp32,
                bf16Kernel: BF16Kernel? = nil) throws {
        precision = try requested.resolved()
        configuration = try ModelConfiguration.load(folder: folder)
        self.folder = folder
        let weights = folder.appendingPathComponent(ModelConfiguration.generatorWeightsFileName)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: weights.path))?[.size] as? Int else {
            throw CalosimError.badFile(path: folder.path, reason: "model folder has no \(ModelConfiguration.generatorWeightsFileName)")
        }
        // The network is built only when the weights file can hold it (4 bytes per parameter).
        guard let parameters = configuration.generatorParameterCount, parameters <= size / 4 else {
            throw CalosimError.mismatch(
                "\(folder.path): model.json describes a generator of \(configuration.generatorParameterCount.map(String.init) ?? "too many") parameters, but \(ModelConfiguration.generatorWeightsFileName) holds only \(size) bytes")
        }
        network = ConditionalGenerator(hyperparameters: configuration.hyperparameters, layerCells: configuration.layerCells,
                                       conditionWidth: configuration.condition.width, seed: 0)
        try ParameterFile.loadParameters(into: network, from: weights)
        let fitted = calibrated ? [configuration.responseCalibration].compactMap { $0 } + (configuration.speciesCalibrations ?? []).map(\.calibration) : []
        if !fitted.isEmpty {
            let fingerprint = try Self.weightsFingerprint(folder: folder)
            if let stale = fitted.first(where: { $0.provenance.weightsFingerprint != fingerprint }) {
                throw CalosimError.mismatch(
                    "the response calibration in \(folder.path)/\(ModelConfiguration.fileName) was fitted for other weights (\(stale.provenance.baseModelId)); run 'calosim calibrate' again")
            }
        }
        calibration = calibrated ? configuration.responseCalibration : nil
        speciesCalibrations = calibrated ? configuration.speciesCalibrations : nil
        (plan, fusedHead) = try Self.plan(network, precision: precision, bf16Kernel: bf16Kernel)
    }

    private static func plan(_ network: ConditionalGenerator, precision: ResolvedPrecision,
                             bf16Kernel: BF16Kernel?) throws -> (MLPInference, FusedPhysicsHead?) {
        let plan = try MLPInference(network.network, precision: precision, kernel: bf16Kernel)
        let fused = precision == .bf16 && network.headKind == .physics ? FusedPhysicsHead(layerCells: network.layerCells) : nil
        return (plan, fused)
    }

    /// FNV-1a fingerprint (hex) of the generator weights file in `folder`.
    public static func weightsFingerprint(folder: URL) throws -> String {
        let url = folder.appendingPathComponent(ModelConfiguration.generatorWeightsFileName)
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        return FNV1a.hex(data.withUnsafeBytes { FNV1a.hash($0) })
    }

    /// A generator with freshly initialised weights (for timing the architecture of `configuration`), fp32.
    public convenience init(untrained configuration: ModelConfiguration) {
        // fp32 resolves on every CPU, and the generator's MLP is always fused linear layers.
        try! self.init(untrained: configuration, precision: .fp32)
    }

    /// A generator with freshly initialised weights in the given precision (and bf16 kernel).
    public init(untrained configuration: ModelConfiguration, precision requested: InferencePrecision,
                bf16Kernel: BF16Kernel? = nil) throws {
        precision = try requested.resolved()
        self.configuration = configuration
        folder = URL(fileURLWithPath: "/dev/null")
        network = ConditionalGenerator(hyperparameters: configuration.hyperparameters, layerCells: configuration.layerCells,
                                       conditionWidth: configuration.condition.width, seed: configuration.hyperparameters.seed)
        calibration = nil
        speciesCalibrations = nil
        (plan, fusedHead) = try Self.plan(network, precision: precision, bf16Kernel: bf16Kernel)
    }

    /// The kernel of the products, for reports ("OpenBLAS sgemm (SkylakeX)", ...).
    public var kernel: String { plan.bf16Kernel?.name ?? precision.kernel }

    /// The default model shipped in `Resources/Models` for `geometry`: `<geometry>-eminus`, e- of
    /// 1 to 100 GeV at normal incidence through the centre.
    public static func shippedModelFolder(geometry: String = Geometry.defaultName) -> URL? {
        shippedModelFolder(named: "\(geometry)-eminus")
    }

    /// A model shipped in `Resources/Models` by its folder name ("calogan-eminus": e- of 1-100
    /// GeV at normal incidence through the centre); nil when it is not there.
    public static func shippedModelFolder(named name: String) -> URL? {
        guard let folder = CaloResources.folder()?.appendingPathComponent("Models/\(name)"),
              FileManager.default.fileExists(atPath: folder.appendingPathComponent(ModelConfiguration.fileName).path) else {
            return nil
        }
        return folder
    }

    /// Standard-normal noise [count, latent], row k from element `firstIndex + k` of `StreamDomain.generatorNoise` (Box-Muller).
    public static func noise(count: Int, latent: Int, seed: UInt64, firstIndex: Int) -> [Float] {
        var z = [Float](repeating: 0, count: count * latent)
        z.withUnsafeMutableBufferPointer { buffer in
            let base = SharedPointer(buffer.baseAddress!)
            let chunk = 256
            Threads.parallelFor((count + chunk - 1) / chunk, threads: count >= 4096 ? Threads.available : 1) { c in
                for k in (c * chunk)..<min(count, (c + 1) * chunk) {
                    var rng = StreamDomain.generatorNoise.generator(key: seed, index: UInt64(firstIndex + k))
                    var j = 0
                    while j < latent {
                        // Box-Muller in Float: u1 in (0, 1] from 24 bits, u2 in [0, 1).
                        let u1 = Float((rng.next32() >> 8) + 1) * 0x1p-24, u2 = rng.uniformFloat()
                        let r = (-2 * Foundation.log(u1)).squareRoot(), phi = 2 * Float.pi * u2
                        base[k * latent + j] = r * Foundation.cos(phi)
                        if j + 1 < latent { base[k * latent + j + 1] = r * Foundation.sin(phi) }
                        j += 2
                    }
                }
            }
        }
        return z
    }

    /// The MLP's outputs [count, plan.outputStride] for the given conditions, into `raw`: the
    /// input rows are the noise followed by the condition vector (`ConditionEncoding`), as
    /// `ConditionalGenerator` concatenates them.
    private func rawOutputs(conditions: [ShowerConditions], seed: UInt64, firstIndex: Int, into raw: UnsafeMutablePointer<Float>) {
        let n = conditions.count
        let latent = configuration.hyperparameters.latentDimension
        let encoding = configuration.condition, width = latent + encoding.width
        let z = Self.noise(count: n, latent: latent, seed: seed, firstIndex: firstIndex)
        var input = [Float](repeating: 0, count: n * width)
        input.withUnsafeMutableBufferPointer { x in
            z.withUnsafeBufferPointer { zs in
                for k in 0..<n {
                    (x.baseAddress! + k * width).update(from: zs.baseAddress! + k * latent, count: latent)
                    encoding.encode(conditions[k], into: x.baseAddress! + k * width + latent)
                }
            }
        }
        plan.forward(input, rows: n, into: raw, threads: BLAS.threads, firstRow: firstIndex)
    }

    /// Showers of the model's default species (`ModelConfiguration.defaultParticle`) at normal
    /// incidence through the centre.
    private func conditions(incidentMeV: [Float]) -> [ShowerConditions] {
        incidentMeV.map { ShowerConditions(particle: configuration.defaultParticle, incidentEnergyMeV: $0) }
    }

    /// Cell energies over incident energy [count, cells] for the given incident energies (no graph).
    public func cellFractions(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> Tensor {
        cellFractions(conditions: conditions(incidentMeV: incidentMeV), seed: seed, firstIndex: firstIndex)
    }

    /// Cell energies over incident energy [count, cells] for the given conditions (no graph);
    /// every condition's species must be one the model knows (`ModelConfiguration.domain(of:)`).
    public func cellFractions(conditions: [ShowerConditions], seed: UInt64, firstIndex: Int) -> Tensor {
        let n = conditions.count
        let width = plan.outputWidth, stride = plan.outputStride
        var outputs = Tensor(shape: [n, width])
        if stride == width {
            rawOutputs(conditions: conditions, seed: seed, firstIndex: firstIndex, into: outputs.unsafeUniqueBaseAddress())
        } else {
            var raw = [Float](repeating: 0, count: n * stride)
            raw.withUnsafeMutableBufferPointer { rawOutputs(conditions: conditions, seed: seed, firstIndex: firstIndex, into: $0.baseAddress!) }
            outputs.withUnsafeMutableBufferPointer { o in
                raw.withUnsafeBufferPointer { r in
                    for k in 0..<n { (o.baseAddress! + k * width).update(from: r.baseAddress! + k * stride, count: width) }
                }
            }
        }
        return withoutGradients { network.cellFractions(raw: outputs) }
    }

    /// The calibration of each shower: empty (none), one (every shower) or one per shower.
    private func calibrations(_ conditions: [ShowerConditions]) -> [ResponseCalibration?] {
        if let speciesCalibrations {
            return conditions.map { c in speciesCalibrations.first { $0.particle == c.particle }?.calibration }
        }
        return calibration.map { [$0] } ?? []
    }

    /// Showers of the model's default species (`ModelConfiguration.defaultParticle`) at normal incidence.
    public func generate(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> [Float] {
        generate(conditions: conditions(incidentMeV: incidentMeV), seed: seed, firstIndex: firstIndex)
    }

    public func generate(conditions: [ShowerConditions], seed: UInt64, firstIndex: Int) -> [Float] {
        let cells = configuration.cellCount
        let incidentMeV = conditions.map(\.incidentEnergyMeV)
        let calibrations = calibrations(conditions)
        var out = [Float](repeating: 0, count: incidentMeV.count * cells)
        if let fusedHead {
            var raw = [Float](repeating: 0, count: incidentMeV.count * plan.outputStride)
            raw.withUnsafeMutableBufferPointer { rawOutputs(conditions: conditions, seed: seed, firstIndex: firstIndex, into: $0.baseAddress!) }
            raw.withUnsafeBufferPointer { r in
                out.withUnsafeMutableBufferPointer { o in
                    fusedHead.showers(raw: r.baseAddress!, stride: plan.outputStride, incidentMeV: incidentMeV,
                                      calibrations: calibrations, into: o.baseAddress!, threads: BLAS.threads)
                }
            }
            return out
        }
        let u = cellFractions(conditions: conditions, seed: seed, firstIndex: firstIndex)
        u.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                let ob = SharedPointer(o.baseAddress!), xb = SharedPointer(xs.baseAddress!)
                Threads.parallelFor(incidentMeV.count, threads: incidentMeV.count >= 2048 ? Threads.available : 1) { i in
                    var e = incidentMeV[i]
                    if !calibrations.isEmpty, let calibration = calibrations[calibrations.count == 1 ? 0 : i] {
                        // Rescale the pattern so that the shower escapes the calibrated fraction.
                        var sum: Double = 0
                        for c in 0..<cells { let v = xb[i * cells + c]; if v.isFinite && v > 0 { sum += Double(v) } }
                        if sum > 0 {
                            let escape = calibration.calibratedEscape(1 - sum, incidentMeV: Double(e))
                            e = Float(Double(e) * (1 - escape) / sum)
                        }
                    }
                    for c in 0..<cells {
                        let v = xb[i * cells + c] * e
                        ob[i * cells + c] = v.isFinite && v > 0 ? v : 0
                    }
                }
            }
        }
        return out
    }
}
