import CaloData
import CaloSupport
import Foundation

/// The training log: one CSV row per logged iteration, appended and flushed as training goes.
///
/// Columns: iteration, critic_loss, wasserstein, gradient_penalty, generator_loss, validation_chi2
/// (empty when not evaluated at that iteration), seconds (wall time since the run started).
public final class TrainingLog {
    public struct Row: Sendable, Equatable {
        public var iteration: Int
        public var criticLoss: Float
        public var wasserstein: Float
        public var gradientPenalty: Float
        public var generatorLoss: Float
        public var validationChi2: Double?
        public var seconds: Double

        public init(iteration: Int, criticLoss: Float, wasserstein: Float, gradientPenalty: Float,
                    generatorLoss: Float, validationChi2: Double? = nil, seconds: Double) {
            self.iteration = iteration
            self.criticLoss = criticLoss
            self.wasserstein = wasserstein
            self.gradientPenalty = gradientPenalty
            self.generatorLoss = generatorLoss
            self.validationChi2 = validationChi2
            self.seconds = seconds
        }

        var csv: String {
            let chi2 = validationChi2.map { String(format: "%.6g", $0) } ?? ""
            return String(format: "%d,%.6g,%.6g,%.6g,%.6g,", iteration, criticLoss, wasserstein, gradientPenalty, generatorLoss)
                + chi2 + String(format: ",%.3f", seconds)
        }
    }

    public static let header = "iteration,critic_loss,wasserstein,gradient_penalty,generator_loss,validation_chi2,seconds"

    public let url: URL
    private let handle: FileHandle

    /// Opens the log; a resumed run keeps the rows up to `resumeIteration` and drops later ones
    /// (written after the last checkpoint), a new run starts a fresh file.
    public init(url: URL, resumeIteration: Int?) throws {
        self.url = url
        var kept = TrainingLog.header + "\n"
        if let resume = resumeIteration, let old = try? String(contentsOf: url, encoding: .utf8) {
            for line in old.split(separator: "\n").dropFirst() {
                if let it = Int(line.split(separator: ",").first ?? ""), it <= resume { kept += line + "\n" }
            }
        }
        try AtomicFile.write(Data(kept.utf8), to: url, overwrite: true)
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    public func append(_ row: Row) throws {
        try handle.write(contentsOf: Data((row.csv + "\n").utf8))
    }

    /// Reads a log back: the rows whose iteration and time are numbers (through `TrainingCurves`,
    /// the one reader of training logs); an empty `validation_chi2` cell is nil.
    /// - Throws: `CalosimError.badFile` for an unreadable file or a header other than `header`.
    public static func read(_ url: URL) throws -> [Row] {
        let curves = try TrainingCurves.load(file: url)
        let expected = header.split(separator: ",").map(String.init)
        guard curves.columns == expected else {
            throw CalosimError.badFile(path: url.path, reason: "not a calosim training log (columns \(curves.columns.joined(separator: ",")), expected \(header))")
        }
        let v = curves.values
        return v[0].indices.compactMap { i in
            guard v[0][i].isFinite, v[6][i].isFinite else { return nil }
            return Row(iteration: Int(v[0][i]), criticLoss: Float(v[1][i]), wasserstein: Float(v[2][i]),
                       gradientPenalty: Float(v[3][i]), generatorLoss: Float(v[4][i]),
                       validationChi2: v[5][i].isNaN ? nil : v[5][i], seconds: v[6][i])
        }
    }
}
