import ArgumentParser

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "(not yet implemented)")
    @Flag(help: "Print one JSON object.") var json = false
    func run() throws { throw ValidationError("calosim bench generate is not implemented yet") }
}
