import CaloApp
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// The requests the CLI fills option by option: what they accept, what they refuse and with which
/// message, and how they turn into jobs.
final class JobRequestTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-request") }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func assertRefused(_ body: @autoclosure () throws -> Any, _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) {
            XCTAssertTrue("\($0)".contains(message), "'\($0)' lacks '\(message)'", file: file, line: line)
        }
    }

    func testEnergyRequestSpectra() throws {
        let allowed: ClosedRange<Double> = 1...1_000_000  // MeV: the simulator's range, 1 MeV to 1 TeV
        XCTAssertEqual(try EnergyRequest(energyGeV: 50).spectrum(allowedMeV: allowed), .fixed(MeV: 50_000))
        XCTAssertEqual(try EnergyRequest(rangeGeV: "1:100").spectrum(allowedMeV: allowed),
                       .uniform(lowMeV: 1000, highMeV: 100_000))
        XCTAssertEqual(try EnergyRequest(rangeGeV: "0.5:2", shape: .log).spectrum(allowedMeV: allowed),
                       .logUniform(lowMeV: 500, highMeV: 2000))
        XCTAssertEqual(SpectrumShape(name: "Flat"), .uniform)
        XCTAssertEqual(SpectrumShape(name: "log-uniform"), .log)
        XCTAssertEqual(SpectrumShape(name: "LOGUNIFORM"), .log)
        XCTAssertNil(SpectrumShape(name: "gauss"))
        assertRefused(try EnergyRequest().spectrum(allowedMeV: allowed), "give --energy E or --energy-range")
        assertRefused(try EnergyRequest(energyGeV: 1, rangeGeV: "1:2").spectrum(allowedMeV: allowed), "not both")
        assertRefused(try EnergyRequest(energyGeV: -5).spectrum(allowedMeV: allowed), "positive energy")
        assertRefused(try EnergyRequest(energyGeV: 2000).spectrum(allowedMeV: allowed), "outside 0.001 to 1000.0 GeV")
        assertRefused(try EnergyRequest(rangeGeV: "100:1").spectrum(allowedMeV: allowed), "must be below")
        assertRefused(try EnergyRequest(rangeGeV: "1-100").spectrum(allowedMeV: allowed), "LOW:HIGH")
    }

    func testSimulateRequest() throws {
        var r = SimulateJob.Request(output: folder.appendingPathComponent("s.h5"))
        r.particles = .single(.photon)
        r.energy = EnergyRequest(energyGeV: 10)
        r.count = 3
        r.arrival.impactMM = " 12.5 , -3"
        r.arrival.angleDegrees = 30
        r.productionCutMM = 0.1
        let job = try r.makeJob()
        XCTAssertEqual(job.particles, .single(.photon))
        XCTAssertEqual(job.geometry.name, "calogan")
        XCTAssertEqual(job.arrival.impactXMM, 12.5...12.5)
        XCTAssertEqual(job.arrival.impactYMM, -3...(-3))
        XCTAssertEqual(job.arrival.thetaRadians.lowerBound, Double.pi / 6, accuracy: 1e-15)
        XCTAssertTrue(job.arrival.isFixed)
        XCTAssertEqual(job.simulation.productionCutMM, 0.1)
        XCTAssertEqual(job.spectrum, .fixed(MeV: 10_000))
        for bad in ["1", "1,2,3", "a,b", ""] {
            var b = r
            b.arrival.impactMM = bad
            assertRefused(try b.makeJob(), "--impact must be X,Y in mm (got '\(bad)')")
        }
        var b = r
        b.productionCutMM = 0
        assertRefused(try b.makeJob(), "--production-cut must be > 0 mm")
        b = r
        b.arrival.impactMM = "1000,0"
        assertRefused(try b.makeJob(), "outside the")
        b = r
        b.count = 0
        assertRefused(try b.makeJob(), "--n must be > 0")
        b = r
        b.firstShower = (1 << 62) - 2
        assertRefused(try b.makeJob(), "--first-shower + --n must not exceed 2^62 (got 4611686018427387902 + 3)")
        b.firstShower = (1 << 62) - 3
        XCTAssertNoThrow(try b.makeJob(), "the last showers of the condition streams")
        b = r
        b.geometry = "nope"
        assertRefused(try b.makeJob(), "unknown geometry 'nope'")
    }

    func testGenerateRequestChecksBeforeLoading() throws {
        let missing = folder.appendingPathComponent("no-model")
        var r = GenerateJob.Request(output: folder.appendingPathComponent("g.h5"))
        r.model = missing
        r.energy = EnergyRequest(energyGeV: 50)
        r.count = 4
        // The model folder is checked first, before any other value.
        assertRefused(try r.check(), "model folder not found")
        r.model = folder  // a folder, but no model in it
        assertRefused(try r.check(), "not a calosim model folder")
        // A model description without weights passes the checks; loading the weights is makeJob's.
        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try ModelConfiguration(modelId: "described-only", geometry: try Geometry.resolve("calogan"), particle: .electron,
                               condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000),
                               hyperparameters: GANHyperparameters(), iteration: 1, trainingData: "none",
                               trainingDataSeed: 0).save(folder: model)
        r.model = model
        XCTAssertNoThrow(try r.check())
        assertRefused(try r.makeJob(), "model folder has no generator.safetensors")
        guard case .spectrum(.fixed(MeV: 50_000), count: 4) = try r.energies() else { return XCTFail("\(try r.energies())") }
        var b = r
        b.count = nil
        assertRefused(try b.check(), "give --n")
        b.count = 0
        assertRefused(try b.check(), "--n must be > 0 (got 0)")
        b = r
        b.energiesFrom = folder.appendingPathComponent("ref.h5")
        assertRefused(try b.check(), "--energies-from replaces --energy, --energy-range and --n")
        b.energy = EnergyRequest()
        b.count = nil
        guard case .file(let url) = try b.energies() else { return XCTFail("not a file") }
        XCTAssertEqual(url.lastPathComponent, "ref.h5")
        b = r
        b.batchSize = 0
        assertRefused(try b.check(), "--batch-size must be > 0")
        b = r
        b.compressionLevel = 10
        assertRefused(try b.check(), "--compression must be 0 to 9 (got 10)")
        b = r
        try Data("keep".utf8).write(to: b.output)
        assertRefused(try b.check(), "--overwrite")
    }

    func testTrainRequestMergesAndRefuses() throws {
        let data = folder.appendingPathComponent("d.h5"), config = folder.appendingPathComponent("h.json")
        try Data("not read here".utf8).write(to: data)
        try Data(#"{ "batchSize": 8, "latentDimension": 4, "iterations": 10 }"#.utf8).write(to: config)
        var r = TrainJob.Request(data: data, folder: folder.appendingPathComponent("m"))
        r.config = config
        r.iterations = 20
        r.generatorHidden = "16, 32"
        r.generatorHead = .shares
        r.cellTransform = "power:0.5"
        r.noEMA = true
        let h = try r.hyperparameters()
        XCTAssertEqual(h.batchSize, 8)              // from the file
        XCTAssertEqual(h.latentDimension, 4)
        XCTAssertEqual(h.iterations, 20)            // the option overrides the file
        XCTAssertEqual(h.generatorHidden, [16, 32])
        XCTAssertEqual(h.generatorHead, .shares)
        XCTAssertEqual(h.cellTransform, .power(exponent: 0.5))
        XCTAssertNil(h.emaDecay)
        XCTAssertEqual(h.learningRate, GANHyperparameters().learningRate)
        XCTAssertFalse(try r.makeJob().resume)

        var b = r
        b.emaDecay = 0.99
        assertRefused(try b.makeJob(), "--no-ema and --ema-decay contradict each other")
        b = r
        b.cellTransform = "log:0"
        assertRefused(try b.makeJob(), "cell transform must be")
        b = r
        b.generatorHidden = "16,,32"
        assertRefused(try b.makeJob(), "hidden widths must be positive integers")
        b = r
        b.data = folder.appendingPathComponent("none.h5")
        assertRefused(try b.makeJob(), "none.h5: no such file")

        // A resumed run may change only its overrides; the first fixed option given is named.
        var resume = TrainJob.Request(data: data, folder: folder.appendingPathComponent("m"))
        resume.resume = true
        resume.iterations = 40
        resume.learningRate = 3e-5
        resume.noEMA = true
        let job = try resume.makeJob()
        XCTAssertTrue(job.resume)
        XCTAssertEqual(job.resumeOverrides, ResumeOverrides(iterations: 40, learningRate: 3e-5, emaDecay: .some(nil)))
        resume.seed = 9
        resume.leakySlope = 0.1
        XCTAssertEqual(resume.fixedOptionsGiven, ["--seed", "--leaky-slope"])
        assertRefused(try resume.makeJob(), "--seed cannot change when resuming")
    }

    func testValidationRequest() throws {
        let reference = folder.appendingPathComponent("ref.h5"), generated = folder.appendingPathComponent("gen.h5")
        try Data().write(to: reference)
        try Data().write(to: generated)
        let thresholds = folder.appendingPathComponent("t.json")
        try Data(#"{ "separationPower": 0.1, "classifierAUC": 0.9 }"#.utf8).write(to: thresholds)
        var r = ValidationJob.Request(reference: reference, outputFolder: folder.appendingPathComponent("v"))
        XCTAssertNoThrow(try r.check())  // neither: the shipped model (`withDefaults`)
        r.generated = generated
        r.model = folder
        assertRefused(try r.check(), "give either --generated FILE or --model DIR, not both")
        r.model = nil
        XCTAssertNoThrow(try r.check())
        r.thresholdsFile = thresholds
        r.maxAUC = 0.7
        let t = try r.thresholds()
        XCTAssertEqual(t.separationPower, 0.1)      // from the file
        XCTAssertEqual(t.classifierAUC, 0.7)        // the option overrides the file
        XCTAssertEqual(t.responseDeviation, 0.01)   // the default
        r.classifier = false
        XCTAssertNil(try r.makeJob().options.classifier)
        r.classifier = true
        r.classifierEpochs = 3
        r.classifierSeed = 7
        XCTAssertEqual(try r.makeJob().options.classifier?.epochs, 3)
        XCTAssertEqual(try r.makeJob().options.classifier?.seed, 7)

        var b = r
        b.trainingLog = folder.appendingPathComponent("log.csv")
        assertRefused(try b.check(), "--training-log")
        b = r
        b.maxSeparation = 0
        assertRefused(try b.check(), "--max-separation must be > 0 (got 0.0)")
        b = r
        b.bins = 1
        assertRefused(try b.check(), "--bins must be >= 2")
        b = r
        b.classifierEpochs = 0
        assertRefused(try b.check(), "--classifier-epochs must be >= 1")
        b = r
        b.cellThresholdMeV = -1
        assertRefused(try b.check(), "--cell-threshold must be >= 0 MeV")
        b = r
        b.timings = thresholds
        assertRefused(try b.makeJob(), "not a timing table JSON object")
    }
}
