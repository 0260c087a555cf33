import CaloApp
import CaloData
import CaloDetector
import CaloGAN
import CaloSim
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// `calosim generate` beyond the energy: species mixtures, directions and impact points drawn
/// per shower, conditions from a reference file, and the refusals.
final class GenerateConditionsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-genc") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func trainModel(arrival: Bool) throws -> URL {
        try TinyConditionedModel.train(into: folder.appendingPathComponent(arrival ? "model-arrival" : "model"), arrival: arrival)
    }

    private func writeReference(_ particles: [Particle?], name: String) throws -> URL {
        let geometry = try Geometry(json: TinyConditionedModel.geometry)
        let url = folder.appendingPathComponent(name)
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "test", seed: 1, commandLine: ""))
        var batch = ShowerBatch(cellCount: 10)
        for (i, p) in particles.enumerated() {
            batch.append(incidentEnergyMeV: Float(2000 + 100 * i), cells: [Float](repeating: 50, count: 10), particle: p)
        }
        try writer.append(batch)
        try writer.finish()
        return url
    }

    /// generate draws the conditions simulate draws: with the same seed and ranges, shower k of
    /// `ConditionDraw` has the species, direction and impact point of `ConditionSpectrum`'s.
    func testGenerateDrawsTheConditionsSimulateDraws() throws {
        let draw = ConditionDraw(particles: [.electron, .positron, .photon], thetaRadians: 0...0.4, phiRadians: -3...3,
                                 impactXMM: -5...5, impactYMM: -2...7)
        let spectrum = ConditionSpectrum(particles: try ParticleMixture([.electron, .positron, .photon]),
                                         energy: .uniform(lowMeV: 1000, highMeV: 2000),
                                         arrival: ArrivalSpectrum(thetaRadians: 0...0.4, phiRadians: -3...3, impactXMM: -5...5, impactYMM: -2...7))
        for i in 0..<2000 {
            let p = spectrum.primary(seed: 11, index: UInt64(i))
            let c = draw.conditions(energyMeV: Float(p.kineticEnergyMeV), defaultParticle: nil, seed: 11, index: UInt64(i))
            XCTAssertEqual(c, ShowerConditions(p), "shower \(i)")
        }
    }

    /// Draws: within their ranges, the mixture in equal shares and cos theta uniform (pulls
    /// under 4 sigma on 20,000 showers), the energies those of the spectrum alone.
    func testDrawsAreSeededUniformAndLeaveTheEnergiesAlone() throws {
        var draw = ConditionDraw(particles: [.electron, .photon], thetaRadians: 0...(Double.pi / 4), phiRadians: -1...1,
                                 impactXMM: -5...5, impactYMM: 2...3)
        let spectrum = EnergySpectrum.uniform(lowMeV: 1000, highMeV: 2000)
        let n = 20_000
        let drawn = (0..<n).map { i in
            draw.conditions(energyMeV: Float(spectrum.energyMeV(seed: 7, index: UInt64(i))), defaultParticle: nil, seed: 7, index: UInt64(i))
        }
        XCTAssertEqual(drawn.map(\.incidentEnergyMeV), (0..<n).map { Float(spectrum.energyMeV(seed: 7, index: UInt64($0))) })
        XCTAssertTrue(drawn.allSatisfy { $0.thetaRadians >= 0 && $0.thetaRadians <= .pi / 4 && abs($0.phiRadians) <= 1 })
        XCTAssertTrue(drawn.allSatisfy { abs($0.impactXMM) <= 5 && $0.impactYMM >= 2 && $0.impactYMM <= 3 })
        let electrons = Double(drawn.filter { $0.particle == .electron }.count)
        XCTAssertLessThan(abs(electrons - Double(n) / 2) / (Double(n) / 4).squareRoot(), 4, "electron share \(electrons / Double(n))")
        // cos theta uniform on [cos 45 deg, 1]: mean (1 + c) / 2, variance (1 - c)^2 / 12.
        let c = cos(Double.pi / 4)
        let meanCos = drawn.reduce(0) { $0 + cos(Double($1.thetaRadians)) } / Double(n)
        XCTAssertLessThan(abs(meanCos - (1 + c) / 2) / ((1 - c) / 12.squareRoot() / Double(n).squareRoot()), 4, "mean cos theta \(meanCos)")
        // Same seed, same draws; fixed values are exact.
        XCTAssertEqual(draw.conditions(energyMeV: 1, defaultParticle: nil, seed: 7, index: 5), drawn[5].with(energy: 1))
        draw = ConditionDraw()
        XCTAssertEqual(draw.conditions(energyMeV: 3, defaultParticle: .photon, seed: 7, index: 5),
                       ShowerConditions(particle: .photon, incidentEnergyMeV: 3))
    }

    /// Bad text on the command line: one line saying what to give.
    func testRequestRefusals() throws {
        func refusal(_ r: ConditionRequest) -> String {
            do { _ = try r.draw() } catch { return "\(error)" }
            return "accepted"
        }
        XCTAssertEqual(refusal(ConditionRequest(particles: "e-,muon")), "unknown particle 'muon' in --particle (use e-, e+ or gamma, or a mixture like e-,gamma)")
        XCTAssertEqual(refusal(ConditionRequest(particles: "e-,electron")), "--particle names a species twice ('e-,electron')")
        XCTAssertEqual(refusal(ConditionRequest(thetaDegrees: 95)), "--theta 95.0 is outside [0, 90) degrees")
        XCTAssertEqual(refusal(ConditionRequest(thetaDegrees: 5, thetaRangeDegrees: "0:10")), "give either --theta or --theta-range, not both")
        XCTAssertEqual(refusal(ConditionRequest(thetaRangeDegrees: "20:10")), "--theta-range: low end 20.0 must be below high end 10.0")
        XCTAssertEqual(refusal(ConditionRequest(phiRangeDegrees: "-200:0")), "--phi-range low end -200.0 is outside [-180, 180] degrees")
        XCTAssertEqual(refusal(ConditionRequest(impactMM: "5")), "--impact must be X,Y in mm, e.g. 5,-3 (got '5')")
        XCTAssertEqual(refusal(ConditionRequest(impactRangeMM: "-1:1")), "--impact-range must be X0:X1,Y0:Y1 in mm, e.g. -10:10,-10:10 (got '-1:1')")
        let good = try ConditionRequest(particles: "gamma", thetaDegrees: 20, phiDegrees: 0, impactMM: "5,-3").draw()
        XCTAssertEqual(good.particles, [.photon])
        XCTAssertEqual(good.thetaRadians.lowerBound, 20 * .pi / 180, accuracy: 1e-12)
        XCTAssertEqual(good.impactXMM, 5...5)
        XCTAssertEqual(good.impactYMM, -3...(-3))
    }

    /// A mixture at drawn directions and impact points: each shower is the model's shower for
    /// its conditions (byte for byte), and the file records each shower's species.
    func testMixtureWithDirectionsGeneratesEachShowersConditions() throws {
        let model = try trainModel(arrival: true)
        let generator = try TrainedGenerator(folder: model)
        let out = folder.appendingPathComponent("gen.h5")
        var job = GenerateJob(generator: generator, energies: .spectrum(.uniform(lowMeV: 2000, highMeV: 8000), count: 40), seed: 5,
                              output: out, overwrite: false)
        job.draw = try ConditionRequest(particles: "e-,gamma", thetaRangeDegrees: "5:25", impactRangeMM: "-4:4,-4:4").draw()
        job.progress = .quiet
        var warnings: [String] = []
        job.warn = { warnings.append($0) }
        let (conditions, recordsArrival) = try job.showerConditions()
        XCTAssertTrue(recordsArrival)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(Set(conditions.map(\.particle)), [.electron, .photon])
        _ = try job.run()
        let written = try ShowerFileReader(url: out).readAll()
        XCTAssertEqual(written.particles, conditions.map(\.particle))
        XCTAssertEqual(written.incidentEnergiesMeV, conditions.map(\.incidentEnergyMeV))
        XCTAssertEqual(written.cellEnergiesMeV, generator.generate(conditions: conditions, seed: 5, firstIndex: 0))
    }

    /// What the model cannot be asked for is refused before anything is written; extrapolation
    /// warns, and with strict is refused.
    func testRefusalsAndExtrapolation() throws {
        let model = try trainModel(arrival: true)
        let generator = try TrainedGenerator(folder: model)
        let out = folder.appendingPathComponent("gen.h5")
        func job(_ request: ConditionRequest, strict: Bool = false) throws -> GenerateJob {
            var job = GenerateJob(generator: generator, energies: .spectrum(.fixed(MeV: 5000), count: 10), seed: 5, output: out, overwrite: false)
            job.draw = try request.draw()
            job.strict = strict
            job.progress = .quiet
            job.warn = { _ in }
            return job
        }
        XCTAssertThrowsError(try job(ConditionRequest(particles: "e+")).run()) {
            XCTAssertEqual("\($0)", "particle e+: the model was trained on e-, gamma only")
        }
        // No species asked for: a model of several that knows e- generates e-.
        XCTAssertEqual(try job(ConditionRequest()).showerConditions().conditions.map(\.particle), Array(repeating: .electron, count: 10))
        var warnings: [String] = []
        var extrapolating = try job(ConditionRequest(particles: "gamma", thetaDegrees: 45))
        extrapolating.warn = { warnings.append($0) }
        _ = try extrapolating.showerConditions()
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix("theta 45 deg is outside the model's trained range"), warnings[0])
        XCTAssertThrowsError(try job(ConditionRequest(particles: "gamma", thetaDegrees: 45), strict: true).run()) {
            XCTAssertTrue("\($0)".hasSuffix("the generator extrapolates (refused with --strict)"), "\($0)")
        }
        // The reference file records no arrival, which this model needs.
        let ref = try writeReference([.electron, .photon], name: "ref.h5")
        var fromFile = GenerateJob(generator: generator, energies: .conditionsFile(ref), seed: 5, output: out, overwrite: false)
        fromFile.progress = .quiet
        XCTAssertThrowsError(try fromFile.run()) {
            XCTAssertTrue("\($0)".contains("records no incident direction or impact point; the model is conditioned on them"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    /// `conditionsFile`: one shower per reference shower at its species (a two-species model at
    /// normal incidence); a file without species is refused for it. A model of the energy alone
    /// refuses a direction.
    func testConditionsFromFile() throws {
        let model = try trainModel(arrival: false)
        let generator = try TrainedGenerator(folder: model)
        XCTAssertEqual(generator.configuration.condition.width, 3)
        let ref = try writeReference([.photon, .electron, .electron, .photon, .photon], name: "ref.h5")
        let out = folder.appendingPathComponent("gen.h5")
        var job = GenerateJob(generator: generator, energies: .conditionsFile(ref), seed: 2, output: out, overwrite: false)
        job.progress = .quiet
        _ = try job.run()
        let written = try ShowerFileReader(url: out).readAll()
        XCTAssertEqual(written.particles, [.photon, .electron, .electron, .photon, .photon])
        XCTAssertEqual(written.incidentEnergiesMeV, [2000, 2100, 2200, 2300, 2400])

        let unrecorded = try writeReference([nil, nil, nil], name: "unrecorded.h5")
        job.energies = .conditionsFile(unrecorded)
        job.output = folder.appendingPathComponent("gen2.h5")
        XCTAssertThrowsError(try job.run()) {
            XCTAssertTrue("\($0)".contains("records no particle for shower 0; the model needs each shower's species (e-, gamma)"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: job.output.path))

        let energyOnly = FakeGenerator(configuration: ModelConfiguration(
            modelId: "fake", geometry: try Geometry.resolve("calogan"), particle: .electron,
            condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), hyperparameters: GANHyperparameters(),
            iteration: 1, trainingData: "none", trainingDataSeed: 0))
        var inclined = GenerateJob(generator: energyOnly, energies: .spectrum(.fixed(MeV: 5000), count: 3), seed: 1,
                                   output: job.output, overwrite: false)
        inclined.draw = try ConditionRequest(thetaDegrees: 20).draw()
        XCTAssertThrowsError(try inclined.run()) {
            XCTAssertEqual("\($0)", "theta 20 deg: the model was trained at theta = 0 deg only")
        }
    }
}

private extension ShowerConditions {
    func with(energy: Float) -> ShowerConditions {
        var c = self
        c.incidentEnergyMeV = energy
        return c
    }
}
