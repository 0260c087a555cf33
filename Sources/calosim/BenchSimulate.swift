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
    @Option(help: "Primary particle: e-, e+ or gamma.") var particle = "e-"
    @Option(help: "Showers per energy on one thread (all threads run threads x this).") var showers = 10
    @Option(help: "Threads for the throughput run (default: all cores).") var threads = Threads.available
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard Particle(name: particle) != nil else { throw ValidationError("unknown particle '\(particle)' (e-, e+, gamma)") }
        guard showers >= 1 else { throw ValidationError("--showers must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var config = SimulateBenchmarkConfiguration()
        config.geometry = geometry
        config.particle = Particle(name: particle)!
        config.showers = showers
        config.threads = threads
        let result = try SimulateBenchmark.run(config)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(result.text)
        }
    }
}
