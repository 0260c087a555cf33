import ArgumentParser

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("calosim validate is not implemented yet") }
}
