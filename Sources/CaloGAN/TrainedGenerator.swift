import CaloDetector
import CaloNN
import CaloResources
import CaloSupport
import CaloTensor
import Foundation

/// A trained generator loaded from a model folder: fast MC.
///
/// Inference only: runs without recording any graph. Shower k of a call gets its noise from
/// element firstIndex + k of `StreamDomain.generatorNoise` under `seed`, so output does not depend on batching or threads.
public final class TrainedGenerator: ShowerGenerating, @unchecked Sendable {
    public let configuration: ModelConfiguration
    public let network: ConditionalGenerator
    public let folder: URL
    /// The response calibration applied to every shower, if any (`ResponseCalibration`).
    public let calibration: ResponseCalibration?

    /// Loads `model.json` and `generator.safetensors` from `folder`, refusing missing, truncated or
    /// mismatched files with a one-line message. `calibrated: false` ignores the model's response
    /// calibration (what `calosim calibrate` fits it against).
    public init(folder: URL, calibrated: Bool = true) throws {
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
        network = ConditionalGenerator(hyperparameters: configuration.hyperparameters, layerCells: configuration.layerCells, seed: 0)
        try ParameterFile.loadParameters(into: network, from: weights)
        if calibrated, let calibration = configuration.responseCalibration {
            let fingerprint = try Self.weightsFingerprint(folder: folder)
            guard fingerprint == calibration.provenance.weightsFingerprint else {
                throw CalosimError.mismatch(
                    "the response calibration in \(folder.path)/\(ModelConfiguration.fileName) was fitted for other weights (\(calibration.provenance.baseModelId)); run 'calosim calibrate' again")
            }
            self.calibration = calibration
        } else {
            calibration = nil
        }
    }

    /// FNV-1a fingerprint (hex) of the generator weights file in `folder`.
    public static func weightsFingerprint(folder: URL) throws -> String {
        let url = folder.appendingPathComponent(ModelConfiguration.generatorWeightsFileName)
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        return FNV1a.hex(data.withUnsafeBytes { FNV1a.hash($0) })
    }

    /// A generator with freshly initialised weights (for timing the architecture of `configuration`).
    public init(untrained configuration: ModelConfiguration) {
        self.configuration = configuration
        folder = URL(fileURLWithPath: "/dev/null")
        network = ConditionalGenerator(hyperparameters: configuration.hyperparameters, layerCells: configuration.layerCells,
                                       seed: configuration.hyperparameters.seed)
        calibration = nil
    }

    /// The model shipped in `Resources/Models` for `geometry` (e- from 1 to 100 GeV).
    public static func shippedModelFolder(geometry: String = Geometry.defaultName) -> URL? {
        guard let folder = CaloResources.folder()?.appendingPathComponent("Models/\(geometry)-eminus"),
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

    /// Cell energies over incident energy [count, cells] for the given incident energies (no graph).
    public func cellFractions(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> Tensor {
        let n = incidentMeV.count
        let latent = configuration.hyperparameters.latentDimension
        let z = Tensor(shape: [n, latent], scalars: Self.noise(count: n, latent: latent, seed: seed, firstIndex: firstIndex))
        let c = Tensor(shape: [n, 1], scalars: incidentMeV.map { configuration.condition.value($0) })
        return withoutGradients { network.cellFractions(noise: z, condition: c) }
    }

    public func generate(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> [Float] {
        let u = cellFractions(incidentMeV: incidentMeV, seed: seed, firstIndex: firstIndex)
        let cells = configuration.cellCount
        var out = [Float](repeating: 0, count: incidentMeV.count * cells)
        u.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                let ob = SharedPointer(o.baseAddress!), xb = SharedPointer(xs.baseAddress!)
                let calibration = self.calibration
                Threads.parallelFor(incidentMeV.count, threads: incidentMeV.count >= 2048 ? Threads.available : 1) { i in
                    var e = incidentMeV[i]
                    if let calibration {
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
