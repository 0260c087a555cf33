import CaloGAN
import CaloNN
import Foundation
import _FuzzSupport

/// Fuzz target: a model folder's `model.json` (`TrainedGenerator(folder:)`), input bytes as the
/// file, then two showers generated and the response calibration evaluated, as `calosim
/// generate` does.
///
/// The folder's `generator.safetensors` matches the input's architecture when that is small
/// (so a mutated configuration reaches generation), else it is the tiny seed model's.
enum FuzzModel {
    static let folder: URL = {
        let url = FuzzHarness.scratch.appendingPathComponent("model")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
    nonisolated(unsafe) static var weightsKey = ""

    /// The architecture of the seed corpus's model.json (tiny geometry, 2 x 6 cells).
    static var seedArchitecture: (GANHyperparameters, [Int]) {
        var h = GANHyperparameters()
        h.latentDimension = 4
        h.generatorHidden = [8]
        h.criticHidden = [8]
        return (h, [6, 6])
    }

    /// Writes weights for `h` and `layerCells` unless the folder already holds them.
    static func writeWeights(_ h: GANHyperparameters, _ layerCells: [Int]) {
        let key = "\(h.latentDimension) \(h.generatorHidden) \(h.generatorHead) \(layerCells)"
        guard key != weightsKey else { return }
        let network = ConditionalGenerator(hyperparameters: h, layerCells: layerCells, seed: 0)
        let url = folder.appendingPathComponent(ModelConfiguration.generatorWeightsFileName)
        do { try SafeTensors.encode(network.namedParameters.map { ($0.name, $0.parameter.value) }).write(to: url) } catch {
            fatalError("cannot write \(url.path): \(error)")
        }
        weightsKey = key
    }

    /// True for an architecture the harness itself may build without risk.
    static func small(_ h: GANHyperparameters, _ layerCells: [Int]) -> Bool {
        (1...64).contains(h.latentDimension) && (1...4).contains(h.generatorHidden.count)
            && h.generatorHidden.allSatisfy { (1...64).contains($0) } && (1...8).contains(layerCells.count)
            && layerCells.allSatisfy { (1...64).contains($0) } && h.leakySlope.isFinite
    }

    static func run(_ data: Data) -> String {
        do { try data.write(to: folder.appendingPathComponent(ModelConfiguration.fileName)) } catch {
            fatalError("cannot write the scratch model.json: \(error)")
        }
        if let c = try? JSONDecoder().decode(ModelConfiguration.self, from: data), small(c.hyperparameters, c.layerCells) {
            writeWeights(c.hyperparameters, c.layerCells)
        } else {
            writeWeights(seedArchitecture.0, seedArchitecture.1)
        }
        do {
            let generator = try TrainedGenerator(folder: folder, calibrated: false)
            let configuration = generator.configuration
            _ = try configuration.geometry()
            let showers = generator.generate(incidentMeV: [1000, 30_000], seed: 1, firstIndex: 0)
            precondition(showers.count == 2 * configuration.cellCount, "generated \(showers.count) values for 2 x \(configuration.cellCount)")
            var escapes: [Double] = []
            if let calibration = configuration.responseCalibration {
                for e in [1.0, 1000, 1e5] { for lambda in [0, 0.01, 0.5, 1] { escapes.append(calibration.calibratedEscape(lambda, incidentMeV: e)) } }
            }
            return "model '\(configuration.modelId)', \(configuration.cellCount) cells, calibration values \(escapes)"
        } catch {
            FuzzHarness.expectOneLine(error)
            return "refused: \(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzModel.run(Data(bytes: bytes, count: size))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzHarness.replay(FuzzModel.run) }
}
#endif
