import ArgumentParser

struct BenchSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "(not yet implemented)")
    @Flag(help: "Print one JSON object.") var json = false
    func run() throws { throw ValidationError("calosim bench simulate is not implemented yet") }
}
