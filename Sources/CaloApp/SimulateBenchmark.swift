import CaloDetector
import CaloSim
import CaloSupport
import Foundation

/// What `calosim bench simulate` runs: showers of the reference simulator at several energies in
/// one or more stacks, timed on one thread (ms per shower, ms per GeV per core) and on all threads
/// (showers per second, and ms per GeV per core again from the all-threads wall time).
public struct SimulateBenchmarkConfiguration: Sendable {
    /// The stacks, each timed in turn (shipped names or geometry JSON files).
    public var geometries = ["calogan", "wsi"]
    public var particle: Particle = .electron
    public var energiesGeV: [Double] = [10, 50, 100]
    /// Showers per energy for the one-thread timing (the all-threads run simulates threads x this).
    public var showers = 10
    public var threads = Threads.available
    public var seed: UInt64 = 1
    public var simulation = SimulationConfiguration()

    public init() {}

    /// Rejects settings the benchmark cannot run.
    public func validate() throws {
        guard showers >= 1 else { throw CalosimError.badInput("--showers must be at least 1, got \(showers)") }
        guard threads >= 1 else { throw CalosimError.badInput("--threads must be at least 1, got \(threads)") }
        guard !geometries.isEmpty else { throw CalosimError.badInput("no geometry to time") }
        guard !energiesGeV.isEmpty else { throw CalosimError.badInput("no energy to time") }
        for e in energiesGeV where !Primary.energyRangeMeV.contains(e * 1000) {
            throw CalosimError.badInput("energy \(e) GeV outside 0.001-1000 GeV")
        }
    }
}

/// The measured figures.
public struct SimulateBenchmarkResult: Codable, Sendable {
    public struct Point: Codable, Sendable {
        public var energyGeV: Double
        public var showers: Int
        /// Wall-clock time on one thread.
        public var msPerShower: Double
        public var msPerGeV: Double
        /// CPU time of the simulating thread (robust when other processes share the cores).
        public var cpuMsPerShower: Double
        public var cpuMsPerGeV: Double
        /// Throughput with all threads.
        public var showersPerSecondAllThreads: Double
        /// threads x wall time / GeV of the all-threads run: the cost per core when every core works.
        public var msPerGeVPerCoreAllThreads: Double
        public var chargedStepsPerGeV: Double
        public var photonStepsPerGeV: Double
        public var secondariesPerGeV: Double
        /// Largest |incident - deposited - escaped| / incident over the timed showers.
        public var maxLedgerResidual: Double
    }

    public var geometry: String
    public var particle: String
    public var threads: Int
    public var tableSeconds: Double
    public var points: [Point]
    /// Costs of full Geant4 and of Geant4 with G4HepEm on one thread, the baselines of the table: ~12 and 4.4 ms/GeV.
    public var geant4MsPerGeV = 12.0
    public var g4hepemMsPerGeV = 4.4

    /// One JSON object on one line, keys sorted.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A table for the terminal.
    public var text: String {
        var lines = ["reference simulator, \(particle) in \(geometry), \(threads) threads (tables built in "
                     + String(format: "%.2f s)", tableSeconds),
                     " E (GeV)  showers  ms/shower  ms/GeV  cpu ms/GeV  x G4HepEm  showers/s (all)  ms/GeV/core (all)"
                     + "  e± steps/GeV  γ steps/GeV  ledger"]
        for p in points {
            lines.append(String(format: "%8.1f %8d %10.2f %7.2f %11.2f %10.2f %16.2f %18.2f %13.0f %12.0f  %.1e", p.energyGeV,
                                p.showers, p.msPerShower, p.msPerGeV, p.cpuMsPerGeV, p.cpuMsPerGeV / g4hepemMsPerGeV,
                                p.showersPerSecondAllThreads, p.msPerGeVPerCoreAllThreads,
                                p.chargedStepsPerGeV, p.photonStepsPerGeV, p.maxLedgerResidual))
        }
        lines.append("baselines (1 thread): Geant4 ~\(geant4MsPerGeV) ms/GeV, G4HepEm \(g4hepemMsPerGeV) ms/GeV; target <= 1.5 ms/GeV per core")
        return lines.joined(separator: "\n")
    }
}

/// The figures of every stack of one `bench simulate` run.
public struct SimulateBenchmarkReport: Codable, Sendable {
    public var stacks: [SimulateBenchmarkResult]

    /// One JSON object on one line, keys sorted.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// One table per stack.
    public var text: String { stacks.map(\.text).joined(separator: "\n\n") }
}

public enum SimulateBenchmark {
    /// Times every stack of the configuration in turn.
    public static func run(_ configuration: SimulateBenchmarkConfiguration) throws -> SimulateBenchmarkReport {
        try configuration.validate()
        return SimulateBenchmarkReport(stacks: try configuration.geometries.map { try run(configuration, geometry: $0) })
    }

    /// Validates the simulator on the first showers (ledger), then times it in one stack.
    static func run(_ configuration: SimulateBenchmarkConfiguration, geometry name: String) throws -> SimulateBenchmarkResult {
        let geometry = try Geometry.resolve(name)
        let start = Date()
        let simulator = try ShowerSimulator(geometry: geometry, configuration: configuration.simulation)
        let tableSeconds = Date().timeIntervalSince(start)
        var points: [SimulateBenchmarkResult.Point] = []
        for (k, energyGeV) in configuration.energiesGeV.enumerated() {
            let primary = Primary(particle: configuration.particle, kineticEnergyMeV: energyGeV * 1000)
            let base = UInt64(k) << 32
            // Validation (also warms up): the ledger must close.
            let check = simulator.simulate(primary, seed: configuration.seed, showerIndex: base)
            guard abs(check.ledgerResidual) < 1e-9 else {
                throw CalosimError.mismatch("energy ledger does not close: residual \(check.ledgerResidual) at \(energyGeV) GeV")
            }
            var maxResidual = abs(check.ledgerResidual)
            var charged = 0, photon = 0, secondaries = 0
            let t0 = Date()
            let c0 = threadCPUSeconds()
            for i in 0..<configuration.showers {
                let r = simulator.simulate(primary, seed: configuration.seed, showerIndex: base + 1 + UInt64(i))
                maxResidual = max(maxResidual, abs(r.ledgerResidual))
                charged += r.chargedSteps
                photon += r.photonSteps
                secondaries += r.secondaryPhotons + r.secondaryElectrons + r.secondaryPositrons
            }
            let single = Date().timeIntervalSince(t0)
            let cpu = threadCPUSeconds() - c0
            let parallelCount = configuration.showers * configuration.threads
            let t1 = Date()
            Threads.parallelFor(parallelCount, threads: configuration.threads) { i in
                _ = simulator.simulate(primary, seed: configuration.seed, showerIndex: base + 1_000_000 + UInt64(i))
            }
            let parallel = Date().timeIntervalSince(t1)
            let n = Double(configuration.showers)
            let gev = energyGeV * n
            points.append(.init(energyGeV: energyGeV, showers: configuration.showers, msPerShower: 1000 * single / n,
                                msPerGeV: 1000 * single / gev, cpuMsPerShower: 1000 * cpu / n, cpuMsPerGeV: 1000 * cpu / gev,
                                showersPerSecondAllThreads: Double(parallelCount) / parallel,
                                msPerGeVPerCoreAllThreads: 1000 * parallel * Double(configuration.threads)
                                    / (energyGeV * Double(parallelCount)),
                                chargedStepsPerGeV: Double(charged) / gev, photonStepsPerGeV: Double(photon) / gev,
                                secondariesPerGeV: Double(secondaries) / gev, maxLedgerResidual: maxResidual))
        }
        return SimulateBenchmarkResult(geometry: geometry.name, particle: configuration.particle.rawValue,
                                       threads: configuration.threads, tableSeconds: tableSeconds, points: points)
    }

    /// CPU seconds used so far by the calling thread.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + 1e-9 * Double(ts.tv_nsec)
    }
}
