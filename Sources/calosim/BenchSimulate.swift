import ArgumentParser
import CaloApp
import CaloDetector
import CaloSim
import CaloSupport
import Foundation

struct BenchSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Time the reference simulator: ms per shower at 1, 10, 50, 100 GeV and showers/s on all threads.")

    @Option(help: "Geometry name or JSON file.") var geometry = "calogan"
    @Option(help: "Primary particle: e-, e+ or gamma.") var particle = Choice<Particle>.electron
    @Option(help: "Showers per energy on one thread (all threads run threads x this).") var showers = 10
    @Option(help: "Threads for the throughput run (default: all cores).") var threads = Threads.available
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        _ = try species()
        guard showers >= 1 else { throw ValidationError("--showers must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func species() throws -> Particle {
        try particle.get { ValidationError("unknown particle '\($0)' (e-, e+, gamma)") }
    }

    func run() throws {
        var config = SimulateBenchmarkConfiguration()
        config.geometry = geometry
        config.particle = try species()
        config.showers = showers
        config.threads = threads
        let result = try SimulateBenchmark.run(config)
        print(json ? result.jsonLine : result.text)
    }
}
