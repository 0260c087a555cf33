import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// Opens a shower file in a child process before calosim opens it itself, so that a damaged
/// file that crashes or hangs the HDF5 library ends in a one-line error instead of a crash.
///
/// libhdf5 1.10 (Debian 12's) reads out of bounds, dereferences null pointers or loops on some
/// damaged attribute tables and global heaps (found by fuzzing `ShowerFileReader`; see
/// `scripts/fuzz/README.md`); no check on the caller's side can prevent that. The probe runs
/// `calosim probe-shower-file PATH` (the open: layout, attributes, geometry) in a child process
/// and watches how it ends:
/// - exit 0: the caller goes on and opens the file itself;
/// - exit 1 (the reader refused the file): the child's one-line error is thrown, and the caller
///   never opens the file (closing a damaged file can crash the library too, depending on what
///   the process's heap held before);
/// - killed by a signal: `CalosimError.badFile` "the HDF5 library crashed reading it (signal N):
///   the file is damaged";
/// - still running after `timeoutSeconds`: the child is killed, and the same error says it hung.
///
/// The probe runs only where `executable` is set, which the command line does at start-up; a
/// library user (or a test) that opens files in-process is not probed. It costs one process
/// start, a few tens of milliseconds, per file.
public enum ShowerFileProbe {
    /// The calosim binary that runs the probe; nil: files are not probed.
    nonisolated(unsafe) public static var executable: URL?

    /// The hidden subcommand the child runs.
    public static let subcommand = "probe-shower-file"

    /// How long the child may take to open a file, s.
    public static let timeoutSeconds = 60.0

    /// What the child runs: opens `path` as `ShowerFileReader` does (with the geometry the caller
    /// names, for files that record none), nothing more.
    public static func probe(path: String, geometry: String?) throws {
        let expected = try geometry.map { try Geometry.resolve($0) }
        _ = try ShowerFileReader(url: URL(fileURLWithPath: path), expectedGeometry: expected)
    }

    /// Probes each of `urls` (see the type's comment); throws for the first that crashes or hangs
    /// the HDF5 library.
    public static func check(_ urls: [URL], geometry: String? = nil) throws {
        guard let executable else { return }
        for url in urls { try check(url, geometry: geometry, executable: executable) }
    }

    /// Probes each of `urls` with `geometry` for files that record none (written to a temporary
    /// JSON file for the child).
    public static func check(_ urls: [URL], geometry: Geometry) throws {
        guard executable != nil else { return }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("calosim-probe-geometry-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).json")
        do {
            try geometry.json.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            throw CalosimError.environment("cannot write \(file.path) to check \(urls.map(\.path)): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        try check(urls, geometry: file.path)
    }

    /// The reason of the child's one-line error ("Error: PATH: reason"), or a generic one.
    static func refusal(in file: URL, path: String) -> String {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard var line = text.split(separator: "\n").first.map(String.init), !line.isEmpty else {
            return "could not be opened (the check ended without a message)"
        }
        for prefix in ["Error: ", path + ": "] where line.hasPrefix(prefix) { line.removeFirst(prefix.count) }
        return line
    }

    /// Probes one file with the given calosim binary.
    public static func check(_ url: URL, geometry: String? = nil, executable: URL) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = [subcommand, url.path] + (geometry.map { ["--geometry", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash ends at once, without a backtrace
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("calosim-probe-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).txt")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
              let errorHandle = try? FileHandle(forWritingTo: errorFile) else {
            throw CalosimError.environment("cannot write \(errorFile.path) to check \(url.path)")
        }
        defer {
            try? errorHandle.close()
            try? FileManager.default.removeItem(at: errorFile)
        }
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            throw CalosimError.environment("cannot start \(executable.path) to check \(url.path): \(error)")
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CalosimError.badFile(path: url.path, reason: "the HDF5 library did not finish opening it within \(Int(timeoutSeconds)) s: the file is damaged")
        }
        if process.terminationReason == .uncaughtSignal {
            throw CalosimError.badFile(path: url.path, reason: "the HDF5 library crashed reading it (signal \(process.terminationStatus)): the file is damaged")
        }
        guard process.terminationStatus == 0 else {
            throw CalosimError.badFile(path: url.path, reason: refusal(in: errorFile, path: url.path))
        }
    }
}
