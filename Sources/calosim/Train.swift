import ArgumentParser

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("calosim train is not implemented yet") }
}
