import CaloPhysicsCheck
import CaloSupport
import Foundation

/// `calosim physics-check`: the shower-level acceptance checks of the reference simulator
/// (`CaloPhysicsCheck`), from command-line values to a printed table or JSON report.
public struct PhysicsCheckRunner: Sendable {
    public var configuration = PhysicsCheckConfiguration()
    /// Print the JSON report instead of the table.
    public var json = false
    /// Also write the JSON report to this file.
    public var reportFile: URL?
    /// Per-sample progress lines on stderr.
    public var verbose = true

    public init() {}

    /// Names accepted by `--checks` (comma separated), and "all".
    public static var checkNames: [String] { PhysicsCheckConfiguration.Check.allCases.map(\.rawValue) }

    /// Sets the checks from "profile,lateral" or "all".
    public mutating func setChecks(_ list: String) throws {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if names == ["all"] { configuration.checks = Set(PhysicsCheckConfiguration.Check.allCases); return }
        var checks = Set<PhysicsCheckConfiguration.Check>()
        for n in names {
            guard let c = PhysicsCheckConfiguration.Check(rawValue: n) else {
                throw CalosimError.badInput("unknown check '\(n)' (known: \(Self.checkNames.joined(separator: ", ")), or all)")
            }
            checks.insert(c)
        }
        guard !checks.isEmpty else { throw CalosimError.badInput("--checks is empty") }
        configuration.checks = checks
    }

    /// Parses "1,10,100" (GeV).
    public static func energies(_ list: String, option: String) throws -> [Double] {
        let values = list.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 }) else {
            throw CalosimError.badInput("\(option) wants GeV values separated by commas, e.g. 1,10,100 (got '\(list)')")
        }
        return values.map { $0! }
    }

    /// Checks the configuration; the CLI calls this in `validate()`.
    public func check() throws {
        do { try configuration.validate() } catch let e as PhysicsCheckError { throw CalosimError.badInput(e.description) }
    }

    /// Runs the checks; returns the text to print (table or JSON) and the number of failed checks.
    public func run() throws -> (output: String, failed: Int) {
        let verbose = self.verbose
        let report = try PhysicsCheck.run(configuration: configuration, log: { line in
            if verbose { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(report)
        if let url = reportFile {
            do { try data.write(to: url, options: .atomic) } catch {
                throw CalosimError.badOutput("cannot write the report to \(url.path): \(error.localizedDescription)")
            }
        }
        return (json ? String(decoding: data, as: UTF8.self) : report.table, report.failedCount)
    }
}
