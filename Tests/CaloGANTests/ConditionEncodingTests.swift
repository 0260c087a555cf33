import CaloData
import CaloDetector
@testable import CaloGAN
import Foundation
import XCTest
import _TestSupport

/// The condition vector: what it holds for which training data, its normalisation, its JSON in
/// `model.json`, and the domain checks of generation.
final class ConditionEncodingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-condition") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A batch of one cell per shower with the given conditions.
    private func batch(_ conditions: [ShowerConditions], arrival: Bool = true) -> ShowerBatch {
        var b = ShowerBatch(cellCount: 1, recordsArrival: arrival)
        for c in conditions { b.append(cells: [c.incidentEnergyMeV / 2], conditions: c) }
        return b
    }

    /// Energy alone: the JSON is `EnergyCondition`'s, byte for byte, and decodes back.
    func testEnergyOnlyJSONIsEnergyConditions() throws {
        let energy = EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let old = try encoder.encode(energy), new = try encoder.encode(ConditionEncoding(energy: energy))
        XCTAssertEqual(String(decoding: new, as: UTF8.self), String(decoding: old, as: UTF8.self))
        let back = try JSONDecoder().decode(ConditionEncoding.self, from: old)
        XCTAssertEqual(back, ConditionEncoding(energy: energy))
        XCTAssertEqual(back.width, 1)
        var c: Float = 0
        back.encode(ShowerConditions(particle: .electron, incidentEnergyMeV: 10_000), into: &c)
        XCTAssertEqual(c.bitPattern, energy.value(10_000).bitPattern)
    }

    /// One species at normal incidence through the centre fits to the energy alone.
    func testSingleSpeciesAtNormalIncidenceIsTheEnergyAlone() throws {
        let b = batch([1000, 5000, 20_000].map { ShowerConditions(particle: .electron, incidentEnergyMeV: $0) }, arrival: false)
        let e = try ConditionEncoding(fitting: b, path: "x.h5")
        XCTAssertEqual(e, ConditionEncoding(energy: EnergyCondition(minimumMeV: 1000, maximumMeV: 20_000)))
    }

    /// Two species, theta and phi varying, the impact point varying: 1 + 2 + 1 + 2 + 2 entries,
    /// each at -1 and 1 at the ends of its training range, the one-hot in PDG-code order.
    func testEveryEntryAndItsNormalisation() throws {
        let deg = Float.pi / 180
        let showers = [
            ShowerConditions(particle: .photon, incidentEnergyMeV: 1000, thetaRadians: 0, phiRadians: -90 * deg, impactXMM: -10, impactYMM: 4),
            ShowerConditions(particle: .electron, incidentEnergyMeV: 100_000, thetaRadians: 30 * deg, phiRadians: 90 * deg, impactXMM: 10, impactYMM: 8),
            ShowerConditions(particle: .electron, incidentEnergyMeV: 10_000, thetaRadians: 15 * deg, phiRadians: 0, impactXMM: 0, impactYMM: 6),
        ]
        let e = try ConditionEncoding(fitting: batch(showers), path: "x.h5")
        XCTAssertEqual(e.particles, [.electron, .photon])
        XCTAssertEqual(e.width, 8)
        let v = e.values(showers)
        func row(_ i: Int) -> [Float] { Array(v[(i * 8)..<((i + 1) * 8)]) }
        // [ln E, e-, gamma, cos theta, sin phi, cos phi, x, y]
        let tolerance: Float = 1e-5
        for (got, want) in zip(row(0), [-1, 0, 1, 1, -1, 0, -1, -1] as [Float]) { XCTAssertEqual(got, want, accuracy: tolerance, "\(row(0))") }
        for (got, want) in zip(row(1), [1, 1, 0, -1, 1, 0, 1, 1] as [Float]) { XCTAssertEqual(got, want, accuracy: tolerance, "\(row(1))") }
        // cos 15 deg between cos 30 deg and 1: 2 (cos 15 - cos 30) / (1 - cos 30) - 1.
        let middle = 2 * (cos(15 * deg) - cos(30 * deg)) / (1 - cos(30 * deg)) - 1
        for (got, want) in zip(row(2), [0, 1, 0, middle, 0, 1, 0, 0] as [Float]) { XCTAssertEqual(got, want, accuracy: tolerance, "\(row(2))") }
    }

    /// A constant direction or impact point is recorded (its value) but is not an entry; a
    /// request for another value is `.untrained`, one outside a varying range `.extrapolates`.
    func testDomain() throws {
        let deg = Float.pi / 180
        let showers = [1000, 50_000].map {
            ShowerConditions(particle: .electron, incidentEnergyMeV: $0, thetaRadians: 20 * deg, phiRadians: 0, impactXMM: -5, impactYMM: 5)
        }
        var configuration = ModelConfiguration(
            modelId: "m", geometry: try Geometry(json: TrainingTests.tinyGeometry), particle: .electron,
            encoding: try ConditionEncoding(fitting: batch(showers), path: "x.h5"), hyperparameters: GANHyperparameters(),
            iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        XCTAssertEqual(configuration.condition.width, 1)
        XCTAssertEqual(configuration.domain(of: showers[0]), .inside)
        var c = showers[0]
        c.incidentEnergyMeV = 200_000
        guard case .extrapolates(let why) = configuration.domain(of: c) else { return XCTFail("200 GeV") }
        XCTAssertTrue(why.contains("energy 200.0 GeV is outside the model's trained range 1.0-50.0 GeV"), why)
        c = showers[0]
        c.thetaRadians = 10 * deg
        guard case .untrained(let theta) = configuration.domain(of: c) else { return XCTFail("theta 10") }
        XCTAssertEqual(theta, "theta 10 deg: the model was trained at theta = 20 deg only")
        c = showers[0]
        c.impactXMM = 0
        guard case .untrained(let impact) = configuration.domain(of: c) else { return XCTFail("impact") }
        XCTAssertEqual(impact, "impact x 0 mm: the model was trained at impact x = -5 mm only")
        c = showers[0]
        c.particle = .photon
        XCTAssertEqual(configuration.domain(of: c), .untrained("particle gamma: the model was trained on e- only"))

        // Two species and a varying theta: a photon is fine, a positron or no species is not,
        // theta beyond the range extrapolates.
        let mixed = showers + [ShowerConditions(particle: .photon, incidentEnergyMeV: 2000, thetaRadians: 0, phiRadians: 0,
                                                impactXMM: -5, impactYMM: 5)]
        configuration = ModelConfiguration(
            modelId: "m", geometry: try Geometry(json: TrainingTests.tinyGeometry), particle: nil,
            encoding: try ConditionEncoding(fitting: batch(mixed), path: "x.h5"), hyperparameters: GANHyperparameters(),
            iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        XCTAssertEqual(configuration.condition.width, 1 + 2 + 1)
        XCTAssertEqual(configuration.defaultParticle, .electron, "a model of several species that knows e- defaults to e-")
        XCTAssertEqual(configuration.domain(of: mixed[2]), .inside)
        c = mixed[2]
        c.particle = .positron
        XCTAssertEqual(configuration.domain(of: c), .untrained("particle e+: the model was trained on e-, gamma only"))
        c.particle = nil
        guard case .untrained = configuration.domain(of: c) else { return XCTFail("no species") }
        c = mixed[2]
        c.thetaRadians = 40 * deg
        guard case .extrapolates(let beyond) = configuration.domain(of: c) else { return XCTFail("theta 40") }
        XCTAssertTrue(beyond.contains("theta 40 deg is outside the model's trained range 0 deg to 20 deg"), beyond)

        // A range is its training set's extremes: within 1 % of its width beyond them is inside
        // (normal incidence for a model whose smallest theta was 0.1 deg), further out extrapolates.
        configuration.condition.thetaRadians = ConditionEncoding.Range(minimum: 0.1 * deg, maximum: 20 * deg)
        c = mixed[2]
        c.thetaRadians = 0
        XCTAssertEqual(configuration.domain(of: c), .inside)
        c.thetaRadians = 20.19 * deg
        XCTAssertEqual(configuration.domain(of: c), .inside)
        c.thetaRadians = 20.25 * deg
        guard case .extrapolates = configuration.domain(of: c) else { return XCTFail("theta 20.25") }

        // Without e- there is no default species: each shower must name its own.
        let noElectrons = mixed.map { c -> ShowerConditions in
            var c = c
            c.particle = c.particle == .electron ? .positron : c.particle
            return c
        }
        configuration = ModelConfiguration(
            modelId: "m", geometry: try Geometry(json: TrainingTests.tinyGeometry), particle: nil,
            encoding: try ConditionEncoding(fitting: batch(noElectrons), path: "x.h5"), hyperparameters: GANHyperparameters(),
            iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        XCTAssertNil(configuration.defaultParticle)
        c = noElectrons[0]
        c.particle = nil
        guard case .untrained(let why) = configuration.domain(of: c) else { return XCTFail("no species, no default") }
        XCTAssertTrue(why.contains("each shower needs its particle"), why)
    }

    /// At one inclination the azimuth still turns the shower: (sin phi, cos phi) are entries,
    /// cos theta is not.
    func testAzimuthAtAFixedInclinationIsAnEntry() throws {
        let deg = Float.pi / 180
        let showers = [-90, 0, 90].map { ShowerConditions(particle: .electron, incidentEnergyMeV: 5000, thetaRadians: 20 * deg, phiRadians: Float($0) * deg) }
        let e = try ConditionEncoding(fitting: batch(showers), path: "x.h5")
        XCTAssertFalse(e.encodesTheta)
        XCTAssertTrue(e.encodesPhi)
        XCTAssertEqual(e.width, 3)
        let v = e.values([showers[2]])
        XCTAssertEqual(v[1], 1, accuracy: 1e-6)
        XCTAssertEqual(v[2], 0, accuracy: 1e-6)
    }

    /// Round trip of every entry through model.json; such a model is format version 3, one of
    /// the energy alone stays version 1.
    func testRoundTripThroughModelJSON() throws {
        let deg = Float.pi / 180
        let showers = [ShowerConditions(particle: .photon, incidentEnergyMeV: 1000, thetaRadians: 0, phiRadians: -1, impactXMM: -10, impactYMM: 4),
                       ShowerConditions(particle: .electron, incidentEnergyMeV: 9000, thetaRadians: 30 * deg, phiRadians: 2, impactXMM: 10, impactYMM: 8)]
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let encoding = try ConditionEncoding(fitting: batch(showers), path: "x.h5")
        let configuration = ModelConfiguration(modelId: "m", geometry: geometry, particle: nil, encoding: encoding,
                                               hyperparameters: GANHyperparameters(), iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        try configuration.save(folder: folder)
        let text = try String(contentsOf: folder.appendingPathComponent(ModelConfiguration.fileName), encoding: .utf8)
        XCTAssertTrue(text.contains("\"formatVersion\" : 3"), text)
        XCTAssertTrue(text.contains("\"particles\" : [\n      11,\n      22\n    ]"), text)
        let back = try ModelConfiguration.load(folder: folder)
        XCTAssertEqual(back, configuration)
        XCTAssertEqual(back.condition.width, 8)
        XCTAssertEqual(back.trainedParticles, [.electron, .photon])

        let plain = ModelConfiguration(modelId: "m", geometry: geometry, particle: .electron,
                                       condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 9000), hyperparameters: GANHyperparameters(),
                                       iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        try plain.save(folder: folder)
        let plainText = try String(contentsOf: folder.appendingPathComponent(ModelConfiguration.fileName), encoding: .utf8)
        XCTAssertTrue(plainText.contains("\"formatVersion\" : 1"), plainText)
        XCTAssertTrue(plainText.contains("\"condition\" : {\n    \"maximumMeV\" : 9000,\n    \"minimumMeV\" : 1000\n  },"), plainText)
    }

    /// Damaged conditions in model.json are refused on load with what is wrong.
    func testDamagedConditionIsRefused() throws {
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let plain = ModelConfiguration(modelId: "m", geometry: geometry, particle: .electron,
                                       condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 9000), hyperparameters: GANHyperparameters(),
                                       iteration: 1, trainingData: "x.h5", trainingDataSeed: 1)
        try plain.save(folder: folder)
        let url = folder.appendingPathComponent(ModelConfiguration.fileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        func refusal(_ replacement: String) -> String {
            try! Data(text.replacingOccurrences(of: "\"minimumMeV\" : 1000", with: replacement).utf8).write(to: url)
            do { _ = try ModelConfiguration.load(folder: folder) } catch { return "\(error)" }
            return "loaded"
        }
        XCTAssertTrue(refusal(#""minimumMeV" : 1000, "particles" : [11, 211]"#).contains("particle code 211"))
        XCTAssertTrue(refusal(#""minimumMeV" : 1000, "particles" : [11]"#).contains("two or more distinct species"))
        XCTAssertTrue(refusal(#""minimumMeV" : 1000, "thetaRadians" : {"minimum": 0, "maximum": 2}"#).contains("[0, pi/2)"))
        XCTAssertTrue(refusal(#""minimumMeV" : 1000, "impactXMM" : {"minimum": 0, "maximum": 2}"#).contains("one impact coordinate"))
    }

    /// A file that records the species of some showers only is refused.
    func testPartlyRecordedSpeciesIsRefused() {
        let b = batch([ShowerConditions(particle: .electron, incidentEnergyMeV: 1000), ShowerConditions(particle: nil, incidentEnergyMeV: 2000)],
                      arrival: false)
        XCTAssertThrowsError(try ConditionEncoding(fitting: b, path: "x.h5")) {
            XCTAssertTrue("\($0)".contains("records the species of some showers but not of others"), "\($0)")
        }
    }
}
