import Foundation

/// A parsed JSON document that keeps numbers, booleans and strings apart.
enum JSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }
}

/// A JSON value with its path in the document, for error messages that point at the value.
struct JSONValue {
    let value: JSON
    let path: String

    static func parse(_ data: Data) throws -> JSONValue {
        do {
            return JSONValue(value: try JSONDecoder().decode(JSON.self, from: data), path: "")
        } catch {
            throw GeometryError(path: "", message: "is not valid JSON (\(error))")
        }
    }

    func fail(_ message: String) -> GeometryError { GeometryError(path: path, message: message) }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object() throws -> [String: JSON] {
        guard case .object(let o) = value else { throw fail("must be an object") }
        return o
    }

    /// The member `key`, or nil when absent or null.
    func optional(_ key: String) throws -> JSONValue? {
        guard let v = try object()[key] else { return nil }
        if case .null = v { return nil }
        return JSONValue(value: v, path: child(key))
    }

    func member(_ key: String) throws -> JSONValue {
        guard let v = try optional(key) else {
            throw GeometryError(path: child(key), message: "is missing")
        }
        return v
    }

    func array() throws -> [JSONValue] {
        guard case .array(let a) = value else { throw fail("must be an array") }
        return a.enumerated().map { JSONValue(value: $0.element, path: "\(path)[\($0.offset)]") }
    }

    func string() throws -> String {
        guard case .string(let s) = value else { throw fail("must be a string") }
        return s
    }

    func number() throws -> Double {
        guard case .number(let d) = value else { throw fail("must be a number") }
        guard d.isFinite else { throw fail("must be finite") }
        return d
    }

    func integer() throws -> Int {
        let d = try number()
        guard d == d.rounded(), abs(d) < 1e9 else { throw fail("must be a whole number (got \(d))") }
        return Int(d)
    }

    func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw fail("must be true or false") }
        return b
    }

    /// A number that must be > 0.
    func positive() throws -> Double {
        let d = try number()
        guard d > 0 else { throw fail("must be > 0 (got \(d))") }
        return d
    }

    /// Members of an object, sorted by key (deterministic).
    func members() throws -> [(String, JSONValue)] {
        try object().keys.sorted().map { ($0, try member($0)) }
    }
}
