import CaloResources
import CaloSupport
import Foundation

extension Geometry {
    /// The geometry used when none is named.
    public static let defaultName = "calogan"

    /// The folder of shipped geometry files.
    public static var catalogFolder: URL? {
        CaloResources.folder()?.appendingPathComponent("Geometries")
    }

    /// Names of the shipped geometries, sorted.
    public static func availableNames() -> [String] {
        guard let folder = catalogFolder,
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a geometry from a JSON file.
    public static func load(file url: URL) throws -> Geometry {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CalosimError.badFile(path: url.path, reason: "cannot read the geometry file (missing or unreadable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CalosimError.badFile(path: url.path, reason: "geometry file is not UTF-8 text")
        }
        do {
            return try Geometry(json: text, baseDirectory: url.deletingLastPathComponent())
        } catch var error as GeometryError {
            error.file = url.path
            throw error
        }
    }

    /// Loads a shipped geometry by name ("calogan"), or a file when the argument is a path
    /// (contains "/" or ends in ".json" or ".xml"); a `.xml` file is a CaloChallenge binning XML
    /// (a readout-only geometry, `Geometry.load(binningXML:)`).
    public static func resolve(_ nameOrPath: String) throws -> Geometry {
        if nameOrPath.lowercased().hasSuffix(".xml") {
            return try load(binningXML: URL(fileURLWithPath: nameOrPath))
        }
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            return try load(file: URL(fileURLWithPath: nameOrPath))
        }
        guard let folder = catalogFolder else {
            throw CalosimError.environment("cannot find calosim's Resources folder; set CALOSIM_RESOURCES to it")
        }
        let url = folder.appendingPathComponent("\(nameOrPath).json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CalosimError.badInput("unknown geometry '\(nameOrPath)' (available: \(availableNames().joined(separator: ", ")); or give a path to a JSON file)")
        }
        return try load(file: url)
    }
}
