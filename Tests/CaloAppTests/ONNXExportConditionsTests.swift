import CaloApp
import CaloData
import CaloDetector
import CaloGAN
import CaloONNX
import Foundation
import XCTest
import _TestSupport

/// The calosim ONNX graph of a model conditioned on species, direction and impact point, with a
/// calibration per species: ONNX Runtime on the generator's noise and conditions gives its showers.
final class ONNXExportConditionsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-onnxc") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testONNXRuntimeReproducesGenerateWithConditions() throws {
        guard let versions = ONNXRuntime.versions() else {
            throw XCTSkip("python3 cannot import onnx and onnxruntime (pip install onnx onnxruntime; scripts/setup.sh does)")
        }
        let model = try TinyConditionedModel.train(into: folder.appendingPathComponent("model"), arrival: true)
        // One calibration per species, fitted on the training showers against the generator.
        var configuration = try ModelConfiguration.load(folder: model)
        XCTAssertEqual(configuration.condition.width, 8)
        let uncalibrated = try TrainedGenerator(folder: model)
        let data = TinyConditionedModel.showers(arrival: true)
        let fingerprint = try TrainedGenerator.weightsFingerprint(folder: model)
        configuration.speciesCalibrations = [Particle.electron, .photon].map { p in
            let rows = data.particles.indices.filter { data.particles[$0] == p }
            let conditions = rows.map { data.conditions($0) }
            let reference = ResponseCalibration.Sample(incidentMeV: conditions.map(\.incidentEnergyMeV),
                                                       cells: rows.flatMap { data.shower($0) }, cellCount: 10)
            let generated = ResponseCalibration.Sample(incidentMeV: conditions.map(\.incidentEnergyMeV),
                                                       cells: uncalibrated.generate(conditions: conditions, seed: 8, firstIndex: 0), cellCount: 10)
            let provenance = ResponseCalibration.Provenance(baseModelId: configuration.modelId, weightsFingerprint: fingerprint,
                                                            referenceData: "synthetic", referenceShowers: rows.count, generatedPerShower: 1, seed: 8)
            return SpeciesCalibration(particle: p, calibration: ResponseCalibration(reference: reference, generated: generated, rows: 2,
                                                                                    levels: 11, provenance: provenance))
        }
        try configuration.save(folder: model)
        let generator = try TrainedGenerator(folder: model)
        XCTAssertEqual(generator.speciesCalibrations?.count, 2)

        let onnx = folder.appendingPathComponent("Generator.onnx")
        var export = ExportJob.Request(output: onnx)
        export.model = model
        let summary = try ExportJob(request: export).run()
        XCTAssertEqual(ONNXExport.conditionInputs(configuration).map(\.name), ["particle", "theta", "phi", "impact_point"])

        let n = 200
        var conditions = [ShowerConditions]()
        for k in 0..<n {
            let particle: Particle = k % 3 == 0 ? .photon : .electron
            conditions.append(ShowerConditions(particle: particle, incidentEnergyMeV: Float(1000 + 45 * k),
                                               thetaRadians: Float(k % 10) * 0.05, phiRadians: Float(k % 7) - 3,
                                               impactXMM: Float(k % 11) - 5, impactYMM: Float(k % 5) - 2))
        }
        let expected = generator.generate(conditions: conditions, seed: 21, firstIndex: 0)
        let latent = summary.latentDimension, energies = conditions.map { $0.incidentEnergyMeV }
        let noise = TrainedGenerator.noise(count: n, latent: latent, seed: 21, firstIndex: 0)
        let theta: [Float] = conditions.map { $0.thetaRadians }, phi: [Float] = conditions.map { $0.phiRadians }
        let impact: [Float] = conditions.flatMap { [$0.impactXMM, $0.impactYMM] }
        func run(_ codes: [Float]) throws -> [Float] {
            try ONNXRuntime.run(model: onnx, noise: noise, energiesMeV: energies, latent: latent, cells: summary.cells,
                                conditions: [("particle", codes, 1), ("theta", theta, 1), ("phi", phi, 1), ("impact_point", impact, 2)])
        }
        let ort = try run(conditions.map { Float($0.particle!.pdgCode) })
        XCTAssertEqual(ort.count, expected.count)
        var worst = 0.0
        for (a, b) in zip(expected, ort) where a > 1e-3 { worst = max(worst, Double(Swift.abs(a - b) / a)) }
        print("ONNX export with conditions (\(versions)): \(n) showers, max relative difference \(worst) on cells above 1 keV")
        XCTAssertLessThan(worst, 1e-4)
        // The species matters in the graph too: photons asked as electrons give other showers.
        let asElectrons = try run([Float](repeating: 11, count: n))
        XCTAssertNotEqual(Array(asElectrons.prefix(10)), Array(ort.prefix(10)))
        XCTAssertEqual(Array(asElectrons[10..<20]), Array(ort[10..<20]), "shower 1 is an electron either way")
    }
}
