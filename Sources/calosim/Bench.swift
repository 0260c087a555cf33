import ArgumentParser

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed: the reference simulator, the tensor engine, the generator.",
        discussion: "Each subcommand prints its figures; with --json, one JSON object.",
        subcommands: [BenchSimulate.self, BenchEngine.self, BenchGenerate.self])
}
