import ArgumentParser
import CaloApp

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version, geometries, default model, BLAS kernel and thread count.")

    func run() throws {
        print(SystemInfo.gather().text)
    }
}
