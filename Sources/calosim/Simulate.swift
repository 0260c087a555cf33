import ArgumentParser

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("calosim simulate is not implemented yet") }
}
