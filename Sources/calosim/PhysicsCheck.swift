import ArgumentParser

struct PhysicsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "physics-check", abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("calosim physics-check is not implemented yet") }
}
