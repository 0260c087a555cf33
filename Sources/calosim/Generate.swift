import ArgumentParser

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("calosim generate is not implemented yet") }
}
