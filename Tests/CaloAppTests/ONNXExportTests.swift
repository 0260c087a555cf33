import CaloApp
import CaloData
import CaloGAN
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// `calosim export`: the exported graph, run by ONNX Runtime on the noise and energies that
/// `calosim generate` used, gives the same showers; bad requests leave no file.
final class ONNXExportTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-onnx") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func shippedModel() throws -> URL {
        try XCTUnwrap(TrainedGenerator.shippedModelFolder(named: "calogan-eminus"), "no model in Resources/Models/calogan-eminus")
    }

    /// The shipped e- model (physics head, response calibration) through ONNX Runtime: max relative
    /// difference below 1e-4 on every cell above 1 keV, and `onnx.checker.check_model` passes.
    func testONNXRuntimeReproducesGenerate() throws {
        guard let versions = ONNXRuntime.versions() else {
            throw XCTSkip("python3 cannot import onnx and onnxruntime (pip install onnx onnxruntime; scripts/setup.sh does)")
        }
        let onnx = folder.appendingPathComponent("Generator.onnx"), h5 = folder.appendingPathComponent("showers.h5")
        var export = ExportJob.Request(output: onnx)
        export.model = try shippedModel()
        let summary = try ExportJob(request: export).run()
        XCTAssertTrue(summary.calibrated)

        // calosim generate over the whole trained range, several batches.
        var request = GenerateJob.Request(output: h5)
        request.model = try shippedModel()
        request.energy = EnergyRequest(rangeGeV: "1:100", shape: .log)
        request.count = 300
        request.seed = 17
        request.batchSize = 128
        request.progress = .quiet
        _ = try request.makeJob().run()
        let generated = try ShowerFileReader(url: h5).readAll()
        let n = generated.incidentEnergiesMeV.count, cells = summary.cells, latent = summary.latentDimension

        let noise = TrainedGenerator.noise(count: n, latent: latent, seed: 17, firstIndex: 0)
        let ort = try ONNXRuntime.run(model: onnx, noise: noise, energiesMeV: generated.incidentEnergiesMeV, latent: latent, cells: cells)
        XCTAssertEqual(ort.count, generated.cellEnergiesMeV.count)
        // The physics head's cell weights w = e^r - 1: a cell near its exact-zero threshold
        // (r -> 0) amplifies the float32 rounding of r by e^r / (e^r - 1), whatever sums the
        // products in another order does to r (ONNX Runtime's MLAS against calosim's tiled sgemm).
        let generator = try TrainedGenerator(folder: try shippedModel())
        XCTAssertEqual(generator.configuration.hyperparameters.generatorHead, .physics)
        let c = Tensor(shape: [n, 1], scalars: generated.incidentEnergiesMeV.map { generator.configuration.condition.energy.value($0) })
        let raw = withoutGradients { generator.network.network(concatenate(lastAxis: [Tensor(shape: [n, latent], scalars: noise), c])) }
        let r = raw.sliced(lastAxis: 0..<cells).scalars
        // Rounding of r: a sum of ~1,000 float32 products of O(1), a few 1e-7 (measured: at most
        // 3.3e-6 between the two); 1e-5 keeps a margin.
        let roundingOfR = 1e-5
        var worst = 0.0, compared = 0, within = 0, worstAbsoluteBelow = 0.0, worstOverTolerance = 0.0
        for (k, (a, b)) in zip(generated.cellEnergiesMeV, ort).enumerated() {
            XCTAssertTrue(b.isFinite && b >= 0)
            guard a > 1e-3 else {
                worstAbsoluteBelow = max(worstAbsoluteBelow, Double(abs(a - b)))
                continue
            }
            let relative = Double(abs(a - b)) / Double(a)
            let rk = Double(max(r[k], 1e-9)), sensitivity = Foundation.exp(rk) / Foundation.expm1(rk)
            worst = max(worst, relative)
            worstOverTolerance = max(worstOverTolerance, relative / (1e-4 + roundingOfR * sensitivity))
            compared += 1
            if relative < 1e-4 { within += 1 }
        }
        print("ONNX export (\(versions)): \(compared) cells above 1 keV in \(n) showers, max relative difference \(worst), "
              + "\(within) within 1e-4; at most \(worstOverTolerance) of the rounding tolerance; "
              + "cells below 1 keV differ by at most \(worstAbsoluteBelow) MeV")
        XCTAssertGreaterThan(compared, n * 50)
        // Every cell above 1 keV within 1e-4 plus the propagated rounding of r.
        XCTAssertLessThan(worstOverTolerance, 1)
        // A cell below 1 keV in one cannot hold more than a few keV in the other.
        XCTAssertLessThan(worstAbsoluteBelow, 1e-2)
    }

    /// par04 for a rectangular-cell model, a missing or damaged model folder: refused, no file.
    func testBadExportsLeaveNothing() throws {
        let out = folder.appendingPathComponent("g.onnx")
        var request = ExportJob.Request(output: out)
        request.model = try shippedModel()
        request.convention = try ExportJob.convention(named: "par04")
        XCTAssertThrowsError(try ExportJob(request: request).run()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("cylindrical") && message.contains("rectangular") && message.contains("3x96"), message)
        }
        XCTAssertThrowsError(try ExportJob.convention(named: "geant4")) { XCTAssertTrue("\($0)".contains("calosim or par04"), "\($0)") }

        request = ExportJob.Request(output: out)
        request.model = folder.appendingPathComponent("missing")
        XCTAssertThrowsError(try ExportJob(request: request).run()) { XCTAssertTrue("\($0)".contains("model folder not found"), "\($0)") }

        // A copy of the shipped model with truncated weights.
        let damaged = folder.appendingPathComponent("damaged")
        try FileManager.default.createDirectory(at: damaged, withIntermediateDirectories: true)
        let shipped = try shippedModel()
        try FileManager.default.copyItem(at: shipped.appendingPathComponent("model.json"), to: damaged.appendingPathComponent("model.json"))
        let weights = try Data(contentsOf: shipped.appendingPathComponent("generator.safetensors"))
        try weights.prefix(weights.count / 2).write(to: damaged.appendingPathComponent("generator.safetensors"))
        request.model = damaged
        XCTAssertThrowsError(try ExportJob(request: request).run()) { XCTAssertTrue("\($0)".contains("generator.safetensors"), "\($0)") }

        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".onnx") || $0.contains("partial") }
        XCTAssertEqual(leftovers, [])
    }
}
