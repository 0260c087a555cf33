import ArgumentParser
import CaloApp

/// The child side of `ShowerFileProbe`: opens one shower file and exits (hidden from help).
struct ProbeShowerFile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ShowerFileProbe.subcommand,
        abstract: "Open a shower file and exit (used by calosim to test a file in a child process).",
        shouldDisplay: false)

    @Argument(help: "The HDF5 file.")
    var path: String

    @Option(help: "Geometry for a file that records none (name or JSON file).")
    var geometry: String?

    func run() throws {
        try ShowerFileProbe.probe(path: path, geometry: geometry)
    }
}
