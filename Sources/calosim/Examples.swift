import ArgumentParser
import CaloExamples
import Foundation

struct Examples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one of the lecture's systems on calosim's engine (teaching examples with published results).",
        discussion: "Examples: " + LectureExamples.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; "))

    @Argument(help: "The example's name.") var name: String
    @Option(help: "Seed of every random draw.") var seed: UInt64 = 1
    @Flag(help: "Small sizes for a quick check (under 30 s), with looser tolerances.") var quick = false
    @Option(help: "Threads for the engine's kernels.") var threads = 2
    @Option(help: "Report folder (PNG figures and report.json).") var out: String?
    @Flag(help: "Print one JSON object with the figures.") var json = false

    func validate() throws {
        guard LectureExamples.named(name) != nil else {
            throw ValidationError("no example named '\(name)'; there are: " + LectureExamples.all.map(\.name).joined(separator: ", "))
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let example = LectureExamples.named(name)!
        let options = ExampleOptions(seed: seed, quick: quick, threads: threads, outputDirectory: out.map { URL(fileURLWithPath: $0) })
        let quiet = json
        let log: @Sendable (String) -> Void = { line in
            if !quiet { FileHandle.standardError.write(Data(("… " + line + "\n").utf8)) }
        }
        let report = try example.run(options, log)
        print(json ? report.json : report.text)
    }
}
