import CaloDetector
import CaloPhysicsCheck
import XCTest

/// The W/Si stack's reference constants (`WSiReference`, docs/physics.md §2.5) against the
/// shipped geometry and the formulas they are quoted from.
final class WSiReferenceTests: XCTestCase {
    func testConstantsFollowFromTheGeometryAndPDGValues() throws {
        let g = try Geometry.resolve(WSiReference.geometryName)
        XCTAssertEqual(WSiReference.radiationLengthMM, g.effectiveRadiationLengthMM, accuracy: 1e-3)
        let period = g.slabs[0].thicknessMM + g.slabs[1].thicknessMM
        XCTAssertEqual(WSiReference.samplingFrequency, g.effectiveRadiationLengthMM / period, accuracy: 1e-3)
        XCTAssertEqual(WSiReference.eOverMip, 1 / (1 + 0.007 * (74 - 14)), accuracy: 1e-3)
        // Mass fractions per period and the PDG critical energies and radiation lengths (g/cm^2).
        let w = Material.table["W"]!, si = Material.table["Si"]!
        let mw = 1.4 * w.densityGPerCm3, msi = 0.3 * si.densityGPerCm3
        let fw = mw / (mw + msi), fsi = msi / (mw + msi)
        let x0 = 1 / (fw / w.radiationLengthGPerCm2 + fsi / si.radiationLengthGPerCm2)
        let ec = x0 * (fw * 7.97 / w.radiationLengthGPerCm2 + fsi * 40.19 / si.radiationLengthGPerCm2)
        XCTAssertEqual(WSiReference.criticalEnergyMeV, ec, accuracy: 0.005)
        // f_mip from the PDG minimum ionisation, MeV cm^2/g.
        let lossW = 1.145 * w.densityGPerCm3 * 0.14, lossSi = 1.664 * si.densityGPerCm3 * 0.03
        XCTAssertEqual(WSiReference.mipSamplingFraction, lossSi / (lossW + lossSi), accuracy: 1e-5)
        XCTAssertEqual(WSiReference.wigmansStochasticTerm, 0.0777, accuracy: 2e-4)
        XCTAssertEqual(WSiReference.stochasticTermBand.lowerBound, 0.0969, accuracy: 1e-4)
        // t_max band: centre ln y - 0.876 at 10 GeV (PDG ln y - 0.5, GFLASH ln y - 1.253).
        let band = WSiReference.tMaxBand(energyMeV: 10_000)
        XCTAssertEqual(0.5 * (band.lowerBound + band.upperBound), log(10_000 / 8.23) - 0.876, accuracy: 0.002)
        XCTAssertEqual(band.upperBound - band.lowerBound, 1, accuracy: 1e-12)
    }
}
