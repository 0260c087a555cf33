import ArgumentParser
import CaloApp
import CaloSupport
import Foundation

@main
struct Calosim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calosim",
        abstract: "Fast calorimeter shower simulation with a conditional Wasserstein GAN.",
        discussion: """
            Energies on the command line are in GeV; everything in files is MeV and mm.
            """,
        version: CalosimVersion.string,
        subcommands: [Simulate.self, Merge.self, Train.self, Calibrate.self, Generate.self, Export.self, Validate.self, Bench.self, PhysicsCheck.self, Examples.self, Info.self, ProbeShowerFile.self])

    /// Runs the command line; shower files are first opened in a child process (`ShowerFileProbe`).
    static func main() {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            ShowerFileProbe.executable = URL(fileURLWithPath: path)
        }
        main(nil)
    }
}
