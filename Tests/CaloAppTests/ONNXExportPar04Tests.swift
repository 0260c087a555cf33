import CaloApp
import CaloData
import CaloDetector
import CaloGAN
import CaloNN
import CaloONNX
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// `calosim export --convention par04`: the graph, fed as Geant4 Par04 feeds it (one [1, K] row of
/// noise, E / 1024 GeV, theta / 90 deg and the geometry one-hot; the first output times E),
/// gives `calosim generate`'s showers cell by cell at the positions Par04 places its cells;
/// geometries that are not Par04's mesh are refused, leaving no file.
final class ONNXExportPar04Tests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-onnx-par04") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A W/Si stack of 5 x (2 mm W + 1 mm Si) read out in 5 polar layers of 3 mm, `alpha` x
    /// (r edges `edges`); `thicknesses` overrides the layer depths (and count).
    private static func polarGeometry(edges: [Double] = [0, 5, 10, 15], alpha: [Int] = [4, 4, 4, 4, 4],
                                      thicknesses: [Double] = [3, 3, 3, 3, 3]) -> String {
        var z = 0.0
        let layers = zip(alpha, thicknesses).map { a, t -> String in
            defer { z += t }
            return """
                { "zMM": [\(z), \(z + t)], "scoring": "active", "polar": { "rEdgesMM": \(edges), "alphaBins": \(a) } }
                """
        }
        return """
            { "name": "tiny-polar", "transverse": { "widthMM": 400, "heightMM": 400 },
              "stack": { "period": [ { "material": "W", "thicknessMM": 2 }, { "material": "Si", "thicknessMM": 1, "active": true } ], "repeat": 5 },
              "layers": [ \(layers.joined(separator: ", ")) ] }
            """
    }

    /// A random-weight model (latent 5, one hidden layer of 16, the physics head) of `geometry` in `folder/name`.
    private func tinyModel(_ geometry: String, name: String = "tiny") throws -> URL {
        let dir = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var h = GANHyperparameters()
        h.latentDimension = 5
        h.generatorHidden = [16]
        h.criticHidden = [8]
        let c = ModelConfiguration(modelId: name, geometry: try Geometry(json: geometry), particle: .electron,
                                   condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), hyperparameters: h,
                                   iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        let network = ConditionalGenerator(hyperparameters: h, layerCells: c.layerCells, seed: 3)
        try SafeTensors.write(network.namedParameters.map { ($0.name, $0.parameter.value) },
                              to: dir.appendingPathComponent(ModelConfiguration.generatorWeightsFileName))
        try c.save(folder: dir)
        return dir
    }

    /// `n` synthetic showers of `geometry`, 1-100 GeV log-uniform, escaping 2-22 %: data for a response calibration.
    private func writeData(_ n: Int, geometry json: String) throws -> URL {
        let geometry = try Geometry(json: json)
        let url = folder.appendingPathComponent("data.h5")
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "synthetic", seed: 5, commandLine: "test"), overwrite: true)
        var rng = Philox(seed: 9, stream: 0)
        var batch = ShowerBatch(cellCount: geometry.cellCount)
        for _ in 0..<n {
            let e = Float(1000 * Foundation.pow(100, rng.uniform()))
            let u = rng.uniform(), escape = 0.02 + 0.2 * u * u * u
            var cells = (0..<geometry.cellCount).map { _ in Float(rng.uniform()) + 0.01 }
            let s = cells.reduce(0, +)
            cells = cells.map { $0 / s * e * Float(1 - escape) }
            batch.append(incidentEnergyMeV: e, cells: cells, particle: .electron)
        }
        try writer.append(batch)
        try writer.finish()
        return url
    }

    /// A calibrated random-weight model of a 3 r x 4 phi x 5 z mesh, through ONNX Runtime as
    /// Par04 runs it: every cell above 1 keV within 1e-4 relative (plus the physics head's
    /// propagated rounding, as `ONNXExportTests`) of `calosim generate`, `onnx.checker` passes.
    func testONNXRuntimeAsPar04ReproducesGenerate() throws {
        guard let versions = ONNXRuntime.versions() else {
            throw XCTSkip("python3 cannot import onnx and onnxruntime (pip install onnx onnxruntime; scripts/setup.sh does)")
        }
        let model = try tinyModel(Self.polarGeometry())
        // A response calibration, so that its part of the graph runs too.
        var calibrate = CalibrateJob(model: model, data: try writeData(400, geometry: Self.polarGeometry()))
        calibrate.rows = 3
        calibrate.levels = 41
        calibrate.progress = .quiet
        _ = try calibrate.run()
        let onnx = folder.appendingPathComponent("Generator.onnx"), h5 = folder.appendingPathComponent("showers.h5")
        var export = ExportJob.Request(output: onnx)
        export.model = model
        export.convention = .par04
        let summary = try ExportJob(request: export).run()
        XCTAssertTrue(summary.calibrated)
        XCTAssertEqual(summary.par04Macro, [
            "/Par04/inference/setModelType VAE", "/Par04/inference/setSizeLatentVector 5",
            "/Par04/inference/setSizeConditionVector 4", "/Par04/inference/setModelPathName \(onnx.path)",
            "/Par04/inference/setInferenceLibrary ONNX", "/Par04/inference/setSizeOfRhoCells 5 mm",
            "/Par04/inference/setSizeOfZCells 3 mm", "/Par04/inference/setNbOfRhoCells 3",
            "/Par04/inference/setNbOfPhiCells 4", "/Par04/inference/setNbOfZCells 5",
        ])

        var request = GenerateJob.Request(output: h5)
        request.model = model
        request.energy = EnergyRequest(rangeGeV: "1:100", shape: .log)
        request.count = 60
        request.seed = 17
        request.batchSize = 16
        request.progress = .quiet
        _ = try request.makeJob().run()
        let generated = try ShowerFileReader(url: h5).readAll()
        let energies = generated.incidentEnergiesMeV, n = energies.count, cells = summary.cells, latent = 5
        XCTAssertEqual(cells, 60)

        // Par04InferenceSetup::GetEnergies: latent values, E / fMaxEnergy (in double, stored as
        // float), theta / deg / fMaxAngle (90 degrees: Par04's perpendicular incidence), one-hot (0, 1).
        let noise = TrainedGenerator.noise(count: n, latent: latent, seed: 17, firstIndex: 0)
        var rows: [Float] = []
        for k in 0..<n {
            rows += noise[(k * latent)..<((k + 1) * latent)]
            rows += [Float(Double(energies[k]) / 1_024_000), Float(90.0 / 90.0), 0, 1]
        }
        let ort = try ONNXRuntime.runPar04(model: onnx, rows: rows, width: latent + 4, cells: cells)

        // Raw outputs r, for the rounding tolerance of the physics head near its zero (as ONNXExportTests).
        let generator = try TrainedGenerator(folder: model)
        let c = Tensor(shape: [n, 1], scalars: energies.map { generator.configuration.condition.energy.value($0) })
        let raw = withoutGradients { generator.network.network(concatenate(lastAxis: [Tensor(shape: [n, latent], scalars: noise), c])) }
        let r = raw.sliced(lastAxis: 0..<cells).scalars, rawWidth = raw.shape[1]

        // Par04InferenceSetup::GetPositions: cell i of loops r, phi, z (z innermost) sits at
        // ((i_r + 1/2) dr cos phi, (i_r + 1/2) dr sin phi, (i_z + 1/2) dz), phi = (i_phi + 1/2) 2 pi / N_phi - pi.
        // The calosim cell at that point, from the geometry's own lookup.
        let geometry = try Geometry(json: Self.polarGeometry())
        var calosimCell: [Int] = []
        for ir in 0..<3 {
            for iphi in 0..<4 {
                for iz in 0..<5 {
                    let rho = (Double(ir) + 0.5) * 5, phi = (Double(iphi) + 0.5) * 2 * Double.pi / 4 - Double.pi
                    guard case .cell(let index) = geometry.readout(xMM: rho * cos(phi), yMM: rho * sin(phi), zMM: (Double(iz) + 0.5) * 3) else {
                        return XCTFail("Par04 cell (\(ir), \(iphi), \(iz)) outside the calosim readout")
                    }
                    calosimCell.append(index)
                }
            }
        }
        XCTAssertEqual(Set(calosimCell).count, cells)

        // The calibration matters: without it the totals differ (so the comparison covers its part of the graph).
        let uncalibrated = try TrainedGenerator(folder: model, calibrated: false).generate(incidentMeV: energies, seed: 17, firstIndex: 0)
        let shift = (0..<n).map { k in
            let a = generated.cellEnergiesMeV[(k * cells)..<((k + 1) * cells)].reduce(0, +)
            let b = uncalibrated[(k * cells)..<((k + 1) * cells)].reduce(0, +)
            return Double(abs(a - b) / a)
        }.max()!
        XCTAssertGreaterThan(shift, 0.01)

        let roundingOfR = 1e-5
        var worst = 0.0, compared = 0, worstAbsoluteBelow = 0.0, worstOverTolerance = 0.0
        for k in 0..<n {
            for p in 0..<cells {
                let cell = calosimCell[p]
                let a = Double(generated.cellEnergiesMeV[k * cells + cell])
                let b = Double(ort[k * cells + p]) * Double(energies[k])  // GetEnergies: value x E
                XCTAssertTrue(b.isFinite && b >= 0)
                guard a > 1e-3 else {
                    worstAbsoluteBelow = max(worstAbsoluteBelow, abs(a - b))
                    continue
                }
                let relative = abs(a - b) / a
                let rk = Double(max(r[k * cells + cell], 1e-9)), sensitivity = Foundation.exp(rk) / Foundation.expm1(rk)
                worst = max(worst, relative)
                worstOverTolerance = max(worstOverTolerance, relative / (1e-4 + roundingOfR * sensitivity))
                compared += 1
            }
        }
        XCTAssertEqual(r.count, n * cells)
        XCTAssertGreaterThanOrEqual(rawWidth, cells)
        print("ONNX export par04 (\(versions)): \(compared) cells above 1 keV in \(n) showers, max relative difference \(worst), "
              + "at most \(worstOverTolerance) of the rounding tolerance (calibration moves totals by up to \(shift)); cells below 1 keV differ by at most \(worstAbsoluteBelow) MeV")
        XCTAssertGreaterThan(compared, n * cells / 4)
        XCTAssertLessThan(worstOverTolerance, 1)
        XCTAssertLessThan(worstAbsoluteBelow, 1e-2)
    }

    /// The shipped CaloChallenge geometries are Par04's low- and high-granularity meshes.
    func testShippedPolarGeometriesAreThePar04Meshes() throws {
        let ds2 = try Par04Mesh(geometry: try Geometry.resolve("par04-ds2"), model: "m")
        XCTAssertEqual([ds2.rhoCells, ds2.phiCells, ds2.zCells], [9, 16, 45])
        XCTAssertEqual(ds2.rhoSizeMM, 4.65, accuracy: 1e-9)
        XCTAssertEqual(ds2.zSizeMM ?? 0, 3.4, accuracy: 1e-9)
        XCTAssertTrue(ds2.macroLines(modelPath: "g.onnx", latent: 64).contains("/Par04/inference/setSizeOfRhoCells 4.65 mm"))
        let ds3 = try Par04Mesh(geometry: try Geometry.resolve("par04-ds3"), model: "m")
        XCTAssertEqual([ds3.rhoCells, ds3.phiCells, ds3.zCells], [18, 50, 45])
        XCTAssertEqual(ds3.rhoSizeMM, 2.325, accuracy: 1e-9)
        XCTAssertEqual(ds3.zSizeMM ?? 0, 3.4, accuracy: 1e-9)
        // The gather is a permutation, and Par04's index i = (i_r N_phi + i_phi) N_z + i_z.
        XCTAssertEqual(Set(ds2.gather).count, 6480)
        XCTAssertEqual(ds2.gather[(2 * 16 + 5) * 45 + 7], (7 * 16 + 5) * 9 + 2)

        // A binning XML states no depths: the z size is left to the user, the rest is the mesh.
        let layers = (0..<45).map { "<Layer id=\"\($0)\" r_edges=\"0,4.65,9.3,13.95,18.6,23.25,27.9,32.55,37.2,41.85\" n_bin_alpha=\"16\" />" }
        let xml = "<Bins><Bin pid=\"11\" name=\"electron\">" + layers.joined() + "</Bin></Bins>"
        let readoutOnly = try Par04Mesh(geometry: try Geometry(binningXML: Data(xml.utf8), name: "binning_dataset_2"), model: "m")
        XCTAssertEqual([readoutOnly.rhoCells, readoutOnly.phiCells, readoutOnly.zCells], [9, 16, 45])
        XCTAssertNil(readoutOnly.zSizeMM)
        XCTAssertTrue(readoutOnly.macroLines(modelPath: "g.onnx", latent: 64).contains { $0.hasPrefix("# /Par04/inference/setSizeOfZCells") })
    }

    /// Polar readouts that are not one uniform Par04 mesh: refused with the reason, no file written.
    func testNonPar04PolarReadoutsAreRefused() throws {
        let cases: [(String, String, [String])] = [
            ("edges", Self.polarGeometry(edges: [0, 4, 10, 15]), ["r edge 1 is 4", "one size"]),
            ("alpha", Self.polarGeometry(alpha: [4, 4, 8, 4, 4]), ["layer 2", "same r and phi bins"]),
            ("depths", Self.polarGeometry(thicknesses: [3, 3, 6, 3]), ["layer 2", "one size"]),
        ]
        for (name, geometry, expected) in cases {
            var request = ExportJob.Request(output: folder.appendingPathComponent("\(name).onnx"))
            request.model = try tinyModel(geometry, name: name)
            request.convention = .par04
            XCTAssertThrowsError(try ExportJob(request: request).run(), name) { error in
                let message = "\(error)"
                XCTAssertFalse(message.contains("\n"), message)
                XCTAssertTrue(message.contains("--convention calosim"), message)
                for part in expected { XCTAssertTrue(message.contains(part), "\(name): \(message)") }
            }
            // The calosim convention takes the same model.
            request.convention = .calosim
            request.output = folder.appendingPathComponent("\(name)-calosim.onnx")
            XCTAssertNoThrow(try ExportJob(request: request).run(), name)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { ($0.hasSuffix(".onnx") && !$0.contains("-calosim")) || $0.contains("partial") }
        XCTAssertEqual(leftovers, [])
    }
}
