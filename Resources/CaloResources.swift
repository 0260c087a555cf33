import Foundation

/// Locates the files shipped in the repository's `Resources/` folder (geometries, the
/// pretrained model), which SwiftPM copies next to the built executable.
public enum CaloResources {
    /// The folder holding `Geometries/` and `Models/`.
    ///
    /// Looks, in order, at `$CALOSIM_RESOURCES`, the bundle SwiftPM built beside the
    /// executable, and a `Resources/` folder above the executable (a source checkout).
    public static func folder() -> URL? {
        let fm = FileManager.default
        func valid(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("Geometries").path)
        }
        if let env = ProcessInfo.processInfo.environment["CALOSIM_RESOURCES"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            if valid(url) { return url }
        }
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let exeDir = exe.deletingLastPathComponent()
        for dir in [exeDir, URL(fileURLWithPath: Bundle.main.bundlePath)] {
            candidates.append(dir.appendingPathComponent("calosim_CaloResources.resources"))
            candidates.append(dir.appendingPathComponent("calosim_CaloResources.bundle"))
        }
        for url in candidates where valid(url) { return url }
        if let url = Bundle(for: Marker.self).resourceURL, valid(url) { return url }
        var dir = exeDir
        for _ in 0..<6 {
            let url = dir.appendingPathComponent("Resources")
            if valid(url) { return url }
            dir = dir.deletingLastPathComponent()
        }
        // Source location at build time (tests, `swift run`).
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        if valid(source) { return source }
        return nil
    }

    private final class Marker {}
}
