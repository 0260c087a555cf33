import CaloSupport

/// A geometry file that cannot be used, naming the JSON path of the bad value.
public struct GeometryError: Error, CustomStringConvertible, Equatable {
    /// JSON path of the offending value, e.g. `layers[1].cells.rows`.
    public let path: String
    /// What is wrong with it.
    public let message: String
    /// The file, when loaded from one.
    public var file: String?

    public init(path: String, message: String, file: String? = nil) {
        self.path = path
        self.message = message
        self.file = file
    }

    /// The message, on one line (control characters quoted from the file are escaped).
    public var description: String {
        let location = path.isEmpty ? "" : "\(path) "
        let prefix = file.map { "geometry \($0): " } ?? "geometry: "
        return (prefix + location + message).escapingControlCharacters
    }
}
