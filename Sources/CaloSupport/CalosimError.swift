/// User and environment errors, each with a message a physicist can act on.
public enum CalosimError: Error, CustomStringConvertible, Equatable {
    /// A command-line or configuration value out of range.
    case badInput(String)
    /// An output path that cannot be written.
    case badOutput(String)
    /// An input file that is missing, unreadable or malformed.
    case badFile(path: String, reason: String)
    /// Two inputs that do not belong together (geometries, models).
    case mismatch(String)
    /// A missing system component (a library, resources).
    case environment(String)

    /// The message, on one line (control characters quoted from a file are escaped).
    public var description: String {
        switch self {
        case .badInput(let m), .badOutput(let m), .mismatch(let m), .environment(let m): return m.escapingControlCharacters
        case .badFile(let path, let reason): return "\(path): \(reason)".escapingControlCharacters
        }
    }
}
