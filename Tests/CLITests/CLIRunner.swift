import Foundation

/// Runs the built `calosim` executable (or any program) and captures its output and exit code.
///
/// Standard output and standard error are drained on two threads at once, so a child that fills
/// one pipe's buffer (64 KiB on Linux) while the other is being read cannot deadlock the test.
/// A child that outlives its timeout is killed and the call throws `CLI.Failure.timedOut` with
/// everything it printed.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Why a run could not produce a `Result`; the description is the test's failure message.
    enum Failure: Error, CustomStringConvertible {
        case notBuilt(searched: [String])
        case timedOut(command: String, seconds: Double, stdout: String, stderr: String)

        var description: String {
            switch self {
            case .notBuilt(let searched):
                return "the calosim executable is not built (looked in \(searched.joined(separator: ", "))); "
                    + "run `swift build` first (`swift test` builds it: CLITests depend on the calosim target)"
            case .timedOut(let command, let seconds, let stdout, let stderr):
                return "\(command) still running after \(seconds) s, killed.\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
            }
        }
    }

    /// Seconds a single run may take before it is killed: generous for a loaded machine, finite
    /// so a hung child fails the test instead of stalling the suite.
    static let defaultTimeout: Double = 900

    /// Folders that may hold the build products next to the test bundle.
    static var productFolders: [URL] {
        var folders = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                       URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        // macOS: the tests run inside calosimPackageTests.xctest, whose parent is the products folder.
        folders += Bundle.allBundles.filter { $0.bundleURL.pathExtension == "xctest" }
            .map { $0.bundleURL.deletingLastPathComponent() }
        return folders
    }

    /// The built executable in the products folder of the test bundle.
    static func executable() throws -> URL {
        for dir in productFolders {
            let url = dir.appendingPathComponent("calosim")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Failure.notBuilt(searched: productFolders.map(\.path))
    }

    /// Runs `calosim arguments...`.
    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
                    timeout: Double = defaultTimeout) throws -> Result {
        try run(program: try executable(), arguments, environment: environment, directory: directory, timeout: timeout)
    }

    /// Runs `program arguments...`, reading both pipes concurrently, killing it after `timeout` s.
    /// `directory`: the working directory of the child (default: this process's).
    static func run(program: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
                    timeout: Double = defaultTimeout) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdout = PipeDrain(out.fileHandleForReading), stderr = PipeDrain(err.fileHandleForReading)
        try process.run()
        stdout.start()
        stderr.start()
        let deadline = DispatchTime.now() + timeout
        let finished = stdout.wait(until: deadline) && stderr.wait(until: deadline)
        if !finished {
            process.terminate()
            let grace = Date().addingTimeInterval(2)
            while process.isRunning && Date() < grace { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            // The last bytes written before the kill (a grandchild holding a pipe open is not waited for).
            _ = stdout.wait(until: .now() + 1)
            _ = stderr.wait(until: .now() + 1)
            throw Failure.timedOut(command: ([program.lastPathComponent] + arguments).joined(separator: " "), seconds: timeout,
                                   stdout: stdout.text, stderr: stderr.text)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout.text, stderr: stderr.text)
    }
}

/// Reads a pipe to its end on its own thread, keeping what arrived so far readable at any time.
final class PipeDrain: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    private var finished = false

    init(_ handle: FileHandle) { self.handle = handle }

    func start() {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                data.append(chunk)
                lock.unlock()
            }
            done.signal()
        }
    }

    /// True once the pipe reached its end (the writer closed it), false at `deadline`.
    func wait(until deadline: DispatchTime) -> Bool {
        lock.lock()
        let already = finished
        lock.unlock()
        if already { return true }
        guard done.wait(timeout: deadline) == .success else { return false }
        lock.lock()
        finished = true
        lock.unlock()
        return true
    }

    /// What arrived so far, as UTF-8.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
