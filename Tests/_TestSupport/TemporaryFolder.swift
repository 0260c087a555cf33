import Foundation

/// Scratch folders for tests that write files.
public enum TemporaryFolder {
    /// A new empty folder "<prefix>-<UUID>" in the system's temporary directory; the caller removes it.
    public static func make(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
