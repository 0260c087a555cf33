import ArgumentParser
import CaloApp
import CaloDetector
import CaloSim
import CaloSupport
import Foundation

struct BenchSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Time the reference simulator: ms per GeV per core at 10, 50, 100 GeV in calogan and wsi, and showers/s on all threads.")

    @Option(help: "Geometry name or JSON file (repeat for several; default: calogan and wsi).") var geometry: [String] = []
    @Option(help: "Energies in GeV, comma-separated.") var energies = "10,50,100"
    @Option(help: "Primary particle: e-, e+ or gamma.") var particle = Choice<Particle>.electron
    @Option(help: "Showers per energy on one thread (all threads run threads x this).") var showers = 10
    @Option(help: "Threads for the throughput run (default: all cores).") var threads = Threads.available
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        _ = try species()
        guard showers >= 1 else { throw ValidationError("--showers must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        _ = try energyList()
    }

    func energyList() throws -> [Double] {
        let values = energies.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 }) else {
            throw ValidationError("--energies must be positive numbers in GeV separated by commas (got '\(energies)')")
        }
        return values.map { $0! }
    }

    func species() throws -> Particle {
        try particle.get { ValidationError("unknown particle '\($0)' (e-, e+, gamma)") }
    }

    func run() throws {
        var config = SimulateBenchmarkConfiguration()
        if !geometry.isEmpty { config.geometries = geometry }
        config.energiesGeV = try energyList()
        config.particle = try species()
        config.showers = showers
        config.threads = threads
        let result = try SimulateBenchmark.run(config)
        print(json ? result.jsonLine : result.text)
    }
}
