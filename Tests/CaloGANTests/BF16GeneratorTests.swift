import CaloBLAS
import CaloGAN
import CaloTensor
import XCTest
import _TestSupport

/// The shipped model on the bf16 path: deterministic, physical, and the fused head equal to the
/// tensor ops' head.
final class BF16GeneratorTests: XCTestCase {
    private func folder() throws -> URL {
        guard MatrixUnits.detected.runsBF16 else { throw XCTSkip("this CPU has no AVX512-BF16") }
        try BLAS.load()
        return try XCTUnwrap(TrainedGenerator.shippedModelFolder(named: "calogan-eminus"), "no model in Resources/Models/calogan-eminus")
    }

    /// Same seed, same bytes whatever the batch cut or thread count; mean E_tot/E_inc of 2,000
    /// showers at 50 GeV within 0.5 % of the reference's 0.9965, as the fp32 test asks.
    func testSameBytesAndPhysicalResponse() throws {
        let generator = try TrainedGenerator(folder: try folder(), precision: .bf16)
        XCTAssertEqual(generator.precision, .bf16)
        let n = 2000, cells = generator.configuration.cellCount
        let energies = [Float](repeating: 50_000, count: n)
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        BLAS.threads = 2
        let whole = generator.generate(incidentMeV: energies, seed: 3, firstIndex: 0)
        BLAS.threads = 1
        let cut = 7
        let parts = generator.generate(incidentMeV: Array(energies[..<cut]), seed: 3, firstIndex: 0)
            + generator.generate(incidentMeV: Array(energies[cut...]), seed: 3, firstIndex: cut)
        XCTAssertEqual(whole.map(\.bitPattern), parts.map(\.bitPattern))
        XCTAssertTrue(whole.allSatisfy { $0.isFinite && $0 >= 0 })
        var mean = 0.0
        for i in 0..<n { mean += Double(whole[(i * cells)..<((i + 1) * cells)].reduce(0, +)) / 50_000 }
        mean /= Double(n)
        XCTAssertEqual(mean, 0.9965, accuracy: 0.005)
    }

    /// The fused head (one pass per shower) against `ConditionalGenerator`'s tensor ops on the
    /// same bf16 MLP outputs, uncalibrated: equal up to fp32 rounding (the two sum and
    /// exponentiate in different orders).
    func testFusedHeadMatchesTensorHead() throws {
        let generator = try TrainedGenerator(folder: try folder(), calibrated: false, precision: .bf16)
        let energies: [Float] = (0..<300).map { 1000 + 330 * Float($0) }
        let fused = generator.generate(incidentMeV: energies, seed: 5, firstIndex: 0)
        let u = generator.cellFractions(incidentMeV: energies, seed: 5, firstIndex: 0).scalars
        let cells = generator.configuration.cellCount
        let expected = (0..<fused.count).map { i -> Float in
            let v = u[i] * energies[i / cells]
            return v.isFinite && v > 0 ? v : 0
        }
        if let error = Tolerance.compare(fused, expected, abs: 1e-4, rel: 2e-5) { XCTFail(error) }
    }

    /// fp32 stays the default.
    func testDefaultIsFP32() throws {
        let generator = try TrainedGenerator(folder: try folder())
        XCTAssertEqual(generator.precision, .fp32)
    }
}
