import Foundation

/// What every fuzz target shares: the check that a refusal is one line, a scratch folder in
/// memory, and the plain main that replays inputs from files (to reproduce a finding).
///
/// Built with `-DFUZZING` and `-sanitize=fuzzer` (scripts/fuzz/run.sh), a target exports
/// `LLVMFuzzerTestOneInput` and libFuzzer supplies `main`; built plainly (`swift build`), the
/// same target is a command `_FuzzX FILE...` that runs each file through the same entry.
public enum FuzzHarness {
    /// Traps unless `error` reads as one line: a refusal must be a one-line message.
    public static func expectOneLine(_ error: any Error) {
        let text = String(describing: error)
        if text.contains("\n") || text.isEmpty {
            fatalError("multi-line or empty error message: \(text.debugDescription)")
        }
    }

    /// A folder for this process in /dev/shm (memory) when it exists, else in the temporary folder.
    public static let scratch: URL = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm")
            : FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("calosim-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: FuzzHarness.scratch) }
        return url
    }()

    /// Writes `data` to `name` in the scratch folder and returns its URL.
    public static func scratchFile(_ name: String, _ data: Data) -> URL {
        let url = scratch.appendingPathComponent(name)
        do { try data.write(to: url) } catch { fatalError("cannot write the scratch file \(url.path): \(error)") }
        return url
    }

    /// The plain main: runs `body` on each file named on the command line (or on each file in a
    /// folder), printing the outcome body reports, and exits 0 when every input was handled.
    public static func replay(_ body: (Data) -> String) {
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty else {
            print("usage: \(CommandLine.arguments[0]) FILE|FOLDER...  (replays inputs through the fuzz entry)")
            exit(2)
        }
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                print("\(argument): no such file"); exit(1)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { "\(argument)/\($0)" }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { print("\(file): cannot read"); exit(1) }
                print("\(file) (\(data.count) bytes): \(body(data))")
            }
        }
    }
}
