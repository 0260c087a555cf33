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

    /// Reads a log back (for plots).
    public static func read(_ url: URL) throws -> [Row] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7, let it = Int(f[0]), let c = Float(f[1]), let w = Float(f[2]), let gp = Float(f[3]),
                  let g = Float(f[4]), let s = Double(f[6]) else { return nil }
            return Row(iteration: it, criticLoss: c, wasserstein: w, gradientPenalty: gp, generatorLoss: g,
                       validationChi2: Double(f[5]), seconds: s)
        }
    }
}
