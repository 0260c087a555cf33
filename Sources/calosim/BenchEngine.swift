import ArgumentParser

struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engine", abstract: "(not yet implemented)")
    @Flag(help: "Print one JSON object.") var json = false
    func run() throws { throw ValidationError("calosim bench engine is not implemented yet") }
}
