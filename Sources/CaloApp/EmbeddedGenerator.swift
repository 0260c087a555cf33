import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// A trained generator for a host program (the C library of `include/calosim.h`): opened once,
/// then asked for showers into the caller's memory, every input checked first.
///
/// One lock per instance: calls from several threads are serialised. Shower k of a call draws
/// the noise of stream first_index + k under `seed`, as shower first_index + k of `calosim
/// generate` (`TrainedGenerator`): calls of B showers give the bytes of `--batch-size B`.
public final class EmbeddedGenerator: @unchecked Sendable {
    public let generator: TrainedGenerator
    public let geometry: Geometry
    private let lock = NSLock()

    /// Why a call was refused, with the C status it maps to.
    public enum Failure: Error, CustomStringConvertible {
        case argument(String)
        case model(String)
        case bufferTooSmall(String)
        case environment(String)

        public var description: String {
            switch self {
            case .argument(let m), .model(let m), .bufferTooSmall(let m), .environment(let m): return m
            }
        }
    }

    /// Loads OpenBLAS (first use in the process), the model in `folder` and its geometry, for
    /// products in `precision` (fp32, the reference, by default; bf16 on a CPU without bf16
    /// units is an environment error).
    public init(folder: URL, precision: InferencePrecision = .fp32) throws(Failure) {
        do { try BLAS.load() } catch { throw .environment("\(error)") }
        do { _ = try precision.resolved() } catch { throw .environment(error.description) }
        do {
            generator = try TrainedGenerator(folder: folder, precision: precision)
            geometry = try generator.configuration.geometry()
        } catch {
            throw .model("\(error)")
        }
    }

    public var cellCount: Int { generator.configuration.cellCount }

    /// Writes `count` showers for `incidentMeV` (MeV) into `output` ([count, cells] MeV), of the
    /// model's single species at normal incidence through the centre.
    /// - Throws: `.argument` for no showers, a NaN, infinite or non-positive energy, indices
    ///   past the noise streams, or a model of several species (which needs each shower's:
    ///   `generate(conditions:...)`); `.bufferTooSmall` when `output` holds fewer than count x
    ///   cells. Nothing is written then.
    public func generate(incidentMeV: UnsafeBufferPointer<Float>, seed: UInt64, firstIndex: UInt64,
                         into output: UnsafeMutableBufferPointer<Float>) throws(Failure) {
        let configuration = generator.configuration
        guard configuration.trainedParticles.count <= 1 else {
            throw .argument("the model was trained on \(configuration.trainedParticles.map(\.name).joined(separator: ", ")); give each shower's particle (calosim_generate_conditions)")
        }
        try generate(conditions: incidentMeV.map { ShowerConditions(particle: configuration.particle, incidentEnergyMeV: $0) },
                     seed: seed, firstIndex: firstIndex, into: output)
    }

    /// Writes one shower per condition into `output` ([count, cells] MeV). A condition outside
    /// a trained range extrapolates (no warning here: `ModelConfiguration.domain(of:)` tells).
    /// - Throws: `.argument` for no showers, a NaN, infinite or non-positive energy, a NaN
    ///   angle or impact coordinate, a species, direction or impact point the model was not
    ///   trained on (`ConditionDomain.untrained`), or indices past the noise streams;
    ///   `.bufferTooSmall` when `output` holds fewer than count x cells. Nothing is written then.
    public func generate(conditions: [ShowerConditions], seed: UInt64, firstIndex: UInt64,
                         into output: UnsafeMutableBufferPointer<Float>) throws(Failure) {
        let count = conditions.count, cells = cellCount
        guard count > 0 else { throw .argument("no showers asked for (count is 0)") }
        if let bad = conditions.firstIndex(where: { !($0.incidentEnergyMeV.isFinite && $0.incidentEnergyMeV > 0) }) {
            throw .argument("incident energy \(bad) is \(conditions[bad].incidentEnergyMeV) MeV; energies must be finite and > 0")
        }
        if let bad = conditions.firstIndex(where: { c in ![c.thetaRadians, c.phiRadians, c.impactXMM, c.impactYMM].allSatisfy(\.isFinite) }) {
            throw .argument("shower \(bad) has a direction or impact point that is not finite")
        }
        for (i, c) in conditions.enumerated() {
            if case .untrained(let why) = generator.configuration.domain(of: c) { throw .argument("shower \(i): \(why)") }
        }
        let streams = StreamDomain.generatorNoise.capacity
        guard firstIndex < streams, UInt64(count) <= streams - firstIndex else {
            throw .argument("showers \(firstIndex)..<\(firstIndex) + \(count) run past the noise streams (2^63)")
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: cells)
        guard !overflow, output.count >= needed else {
            throw .bufferTooSmall("the output buffer holds \(output.count) floats; \(count) showers of \(cells) cells need \(count) x \(cells)")
        }
        lock.lock()
        let showers = generator.generate(conditions: conditions, seed: seed, firstIndex: Int(firstIndex))
        lock.unlock()
        _ = output.update(fromContentsOf: showers)
    }
}
