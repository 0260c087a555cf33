import Foundation

/// Writes a file under a temporary name in the destination's folder and renames it into place
/// only on success, so an interrupted or failed run never leaves a half-written file.
public struct AtomicFile: Sendable {
    /// The final destination.
    public let url: URL
    /// Where the content is written until `commit()`.
    public let temporaryURL: URL

    /// Prepares a write to `url`. Throws when the destination exists and `overwrite` is false,
    /// or when its folder is missing or not writable.
    public init(url: URL, overwrite: Bool) throws {
        let fm = FileManager.default
        let folder = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        if !fm.fileExists(atPath: folder.path, isDirectory: &isDir) {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } else if !isDir.boolValue {
            throw CalosimError.badOutput("\(folder.path) is not a folder")
        }
        if !fm.isWritableFile(atPath: folder.path) {
            throw CalosimError.badOutput("cannot write in \(folder.path) (permission denied)")
        }
        if fm.fileExists(atPath: url.path) && !overwrite {
            throw CalosimError.badOutput("\(url.path) exists; pass --overwrite to replace it")
        }
        self.url = url
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.temporaryURL = folder.appendingPathComponent(".\(url.lastPathComponent).\(tag).partial")
        TemporaryFiles.shared.register(temporaryURL.path)
    }

    /// Moves the finished temporary file into place (replacing any old file).
    public func commit() throws {
        if rename(temporaryURL.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw CalosimError.badOutput("cannot move the finished file to \(url.path): \(reason)")
        }
        TemporaryFiles.shared.unregister(temporaryURL.path)
    }

    /// Removes the temporary file (after a failure).
    public func discard() {
        unlink(temporaryURL.path)
        TemporaryFiles.shared.unregister(temporaryURL.path)
    }

    /// Writes `data` atomically to `url`.
    public static func write(_ data: Data, to url: URL, overwrite: Bool = true) throws {
        let file = try AtomicFile(url: url, overwrite: overwrite)
        do {
            try data.write(to: file.temporaryURL)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}

/// Temporary files in progress, removed when the process is interrupted (SIGINT/SIGTERM).
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths = Set<String>()
    private var installed = false

    func register(_ path: String) {
        lock.lock()
        paths.insert(path)
        let install = !installed
        installed = true
        lock.unlock()
        if install { Self.installSignalHandlers() }
    }

    func unregister(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }

    /// Removes every registered file; called from the signal handler.
    public func removeAll() {
        lock.lock()
        for p in paths { unlink(p) }
        paths.removeAll()
        lock.unlock()
    }

    private static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                TemporaryFiles.shared.removeAll()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
