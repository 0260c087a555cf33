import Foundation

/// One of the lecture's systems, run on calosim's engine: it trains what it needs from a seed,
/// writes its report (PNG figures and `report.json`) and returns its figures of merit.
///
/// Examples are teaching material and reproductions of published results; no product module
/// imports this target. Each example file defines one `static let` of this type, listed in
/// `LectureExamples.all`.
public struct LectureExample: Sendable {
    /// The name on the command line (`calosim examples NAME`).
    public let name: String
    /// One line for `calosim examples --help`.
    public let summary: String
    /// Runs the example: seed, `quick` mode, threads and report folder in; figures of merit out,
    /// in the order they are printed; progress lines go to `log`.
    public let run: @Sendable (_ options: ExampleOptions, _ log: @escaping @Sendable (String) -> Void) throws -> ExampleReport

    public init(name: String, summary: String,
                run: @escaping @Sendable (_ options: ExampleOptions, _ log: @escaping @Sendable (String) -> Void) throws -> ExampleReport) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}

/// What every example takes.
public struct ExampleOptions: Sendable {
    /// The seed every random draw of the example follows from.
    public var seed: UInt64 = 1
    /// Small sizes and looser tolerances, for tests (under 30 s).
    public var quick = false
    /// Threads for the engine's kernels.
    public var threads = 2
    /// Where the report goes (created if missing); nil writes no files.
    public var outputDirectory: URL?

    public init(seed: UInt64 = 1, quick: Bool = false, threads: Int = 2, outputDirectory: URL? = nil) {
        self.seed = seed
        self.quick = quick
        self.threads = threads
        self.outputDirectory = outputDirectory
    }
}

/// An example's figures of merit: named numbers in a fixed order, and the files it wrote.
public struct ExampleReport: Sendable, Equatable {
    /// (name, value) pairs, e.g. ("cnnTestAccuracy", 0.9993).
    public var figures: [(String, Double)]
    /// Files written into the report folder, relative to it.
    public var files: [String]

    public init(figures: [(String, Double)] = [], files: [String] = []) {
        self.figures = figures
        self.files = files
    }

    public subscript(name: String) -> Double? { figures.first { $0.0 == name }?.1 }

    /// One JSON object: every figure, and `files`.
    public var json: String {
        let parts = figures.map { "\"\($0.0)\": \(Self.number($0.1))" }
            + ["\"files\": [" + files.map { "\"\($0)\"" }.joined(separator: ", ") + "]"]
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// One line per figure.
    public var text: String { figures.map { "\($0.0): \(Self.number($0.1))" }.joined(separator: "\n") }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.6g", x)
    }

    public static func == (a: ExampleReport, b: ExampleReport) -> Bool {
        a.files == b.files && a.figures.map(\.0) == b.figures.map(\.0) && a.figures.map(\.1) == b.figures.map(\.1)
    }
}
