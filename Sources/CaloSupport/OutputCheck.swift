import Foundation

/// Early checks of an output path, so a long job fails before it starts, not after.
public enum OutputCheck {
    /// Throws when `url` exists and `overwrite` is false, or its folder cannot be created or
    /// written.
    public static func check(_ url: URL, overwrite: Bool) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDir) {
            if isDir.boolValue { throw CalosimError.badOutput("\(url.path) is a folder, not a file") }
            if !overwrite { throw CalosimError.badOutput("\(url.path) exists; pass --overwrite to replace it") }
        }
        // The nearest existing ancestor must be a writable folder.
        var folder = url.deletingLastPathComponent()
        while !fm.fileExists(atPath: folder.path, isDirectory: &isDir) {
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        guard isDir.boolValue else { throw CalosimError.badOutput("\(folder.path) is not a folder") }
        guard fm.isWritableFile(atPath: folder.path) else {
            throw CalosimError.badOutput("cannot write in \(folder.path) (permission denied)")
        }
    }
}
