import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import CaloSim
import CaloSupport
import CaloValidation
import Foundation

extension ValidationJob {
    /// `validate --model`: generates one shower per reference shower with the model, at its
    /// conditions (species, energy, direction, impact point; a shower without a species takes
    /// the model's single one), both read and generated chunk by chunk (`ShowerFileSample`,
    /// `GeneratedSample`), so a reference file larger than memory validates,
    /// times the generator at the CaloGAN batch sizes and the reference simulator on a few of the
    /// reference's energies, and returns the validation input.
    ///
    /// - Parameters:
    ///   - referenceShowersToTime: reference showers simulated for its ms/shower (0: skip).
    ///   - timeGenerator: time the generator at the CaloGAN batch sizes (false: no timing table).
    public func loadInput(model folder: URL, generationSeed: UInt64, referenceShowersToTime: Int = 8,
                          timingSeconds: Double = 0.5, timeGenerator: Bool = true) throws -> ValidationInput {
        try BLAS.load()
        guard let referenceURL else { throw CalosimError.badInput("validate needs --reference") }
        let expected = try geometryName.map { try Geometry.resolve($0) }
        try ShowerFileProbe.check([referenceURL], geometry: geometryName)
        let reader = try ShowerFileReader(url: referenceURL, expectedGeometry: expected)
        let generator = try TrainedGenerator(folder: folder)
        try generator.configuration.checkGeometry(reader.geometry, what: referenceURL.path)
        let reference = try ShowerFileSample(reader: reader)
        log("generating \(reference.count) showers with \(generator.configuration.modelId) (chunk by chunk, as the validation reads them)")
        let conditions = reference.conditions.map { c -> ShowerConditions in
            var c = c
            if c.particle == nil, generator.configuration.trainedParticles.count == 1 { c.particle = generator.configuration.particle }
            return c
        }
        for (i, c) in conditions.enumerated() {
            if case .untrained(let why) = generator.configuration.domain(of: c) {
                throw CalosimError.mismatch("\(referenceURL.path), shower \(i): \(why)")
            }
        }
        let generated = GeneratedSample(generator: generator, generationConditions: conditions, conditions: reference.conditions,
                                        seed: generationSeed, recordsArrival: reference.recordsArrival)

        let energies = reference.incidentEnergiesMeV
        var entries = [TimingTable.Entry]()
        if timeGenerator {
            log("timing the generator at batch sizes \(TimingTable.standardBatchSizes)")
            entries = TimingTable.measure(label: "GAN", minimumSeconds: timingSeconds) { n in
                let batch = (0..<n).map { conditions[$0 % conditions.count] }
                _ = generator.generate(conditions: batch, seed: generationSeed, firstIndex: 0)
            }
        }
        var referenceMs: Double?
        let species = reference.particles.first ?? generator.configuration.particle
        if referenceShowersToTime > 0, let species {
            referenceMs = try Self.timeReference(reader.geometry, particle: species, energies: energies,
                                                 count: referenceShowersToTime)
            log(String(format: "reference simulator: %.1f ms per shower (1 thread, %d showers)", referenceMs!, referenceShowersToTime))
        } else if referenceShowersToTime > 0 {
            log("reference simulator not timed: neither the reference file nor the model records the particle species")
        }
        let curves = FileManager.default.fileExists(atPath: folder.appendingPathComponent("train_log.csv").path)
            ? try? TrainingCurves.load(file: folder.appendingPathComponent("train_log.csv")) : nil
        let provenance = Provenance(reference: referenceURL.relativePath, generated: "\(folder.relativePath) (generated, seed \(generationSeed))",
                                    modelID: generator.configuration.modelId, seed: generationSeed,
                                    referenceLabel: "reference", generatedLabel: "GAN")
        return ValidationInput(geometry: reader.geometry, reference: reference, generated: generated, provenance: provenance,
                               timings: timeGenerator || referenceMs != nil
                                   ? TimingTable(referenceMsPerShower: referenceMs, generator: entries, threads: options.threads) : nil,
                               trainingLog: trainingLogURL.flatMap { try? TrainingCurves.load(file: $0) } ?? curves)
    }

    /// Reference simulator time per shower (ms, one thread) of `particle` on `count` of the sample's energies.
    static func timeReference(_ geometry: Geometry, particle: Particle, energies: [Float], count: Int) throws -> Double {
        let simulator = try ShowerSimulator(geometry: geometry)
        let stride = max(1, energies.count / count)
        let start = ProgressReporter.now()
        var done = 0
        for i in Swift.stride(from: 0, to: energies.count, by: stride).prefix(count) {
            _ = simulator.simulate(Primary(particle: particle, kineticEnergyMeV: Double(energies[i])), seed: 0x71_3E, showerIndex: UInt64(i))
            done += 1
        }
        return 1000 * (ProgressReporter.now() - start) / Double(max(done, 1))
    }
}
