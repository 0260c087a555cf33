import CaloSupport
import Foundation

/// The curves of a model's training log: a CSV file with a header line and numeric columns, the
/// first being the x axis (CaloGAN's `train_log.csv`: iteration, critic_loss, wasserstein,
/// gradient_penalty, generator_loss, validation_chi2, seconds).
///
/// The one reader of training logs: the report plots these columns, CaloGAN's `TrainingLog`
/// reads its rows back through it.
public struct TrainingCurves: Sendable, Codable {
    /// Column names, first is the x axis.
    public var columns: [String]
    /// Values per column (NaN where a cell is empty or not a number).
    public var values: [[Double]]

    public init(columns: [String], values: [[Double]]) {
        self.columns = columns
        self.values = values
    }

    /// Parses CSV text; lines starting with "#" are comments.
    public init(csv text: String, path: String = "training log") throws {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        guard let header = lines.first else { throw CalosimError.badFile(path: path, reason: "empty training log") }
        columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard columns.count >= 2 else {
            throw CalosimError.badFile(path: path, reason: "training log needs a header with a step column and at least one value column")
        }
        var v = Array(repeating: [Double](), count: columns.count)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for c in 0..<columns.count {
                v[c].append(c < fields.count ? Double(fields[c].trimmingCharacters(in: .whitespaces)) ?? .nan : .nan)
            }
        }
        values = v
    }

    /// The values of the column named `name`, or nil when the log has no such column.
    public func column(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// Reads a CSV file.
    public static func load(file url: URL) throws -> TrainingCurves {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw CalosimError.badFile(path: url.path, reason: "cannot read the training log")
        }
        return try TrainingCurves(csv: text, path: url.path)
    }
}
