import CaloSupport
import CaloTensor
import Foundation

/// The safetensors format (huggingface/safetensors), F32 only: an 8-byte little-endian header
/// length N, N bytes of JSON `{"name": {"dtype": "F32", "shape": [...], "data_offsets": [b, e]},
/// "__metadata__": {"key": "value"}}` (space-padded to a multiple of 8), then the raw
/// little-endian data, tensors back to back in header order. Python's `safetensors` reads it.
public enum SafeTensors {
    /// The file's bytes for `tensors` (written in the given order) and string `metadata`.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) -> Data {
        let (header, dataBytes) = prefix(tensors, metadata: metadata)
        var data = Data(capacity: header.count + dataBytes)
        data.append(contentsOf: header)
        for (_, t) in tensors { append(t, to: &data) }
        return data
    }

    /// The 8-byte length and the padded JSON header of `tensors` and `metadata`, and the data's
    /// size in bytes.
    private static func prefix(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> (bytes: [UInt8], dataBytes: Int) {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for (name, t) in tensors {
            require(name != "__metadata__" && !name.isEmpty, "SafeTensors.encode: bad tensor name '\(name)'")
            let bytes = t.count * 4
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
                           + "\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let length = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        return (length + header, offset)
    }

    /// Appends a tensor's values, little-endian.
    private static func append(_ t: Tensor, to data: inout Data) {
        t.withUnsafeBufferPointer { p in
            #if _endian(big)
            for x in p { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            #else
            data.append(UnsafeBufferPointer(start: p.baseAddress, count: p.count))
            #endif
        }
    }

    /// The tensors (in data order) and metadata of a safetensors file's bytes; `path` names the
    /// file in error messages.
    public static func decode(_ data: Data, path: String) throws -> (tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
        func bad(_ reason: String) -> CalosimError { invalid(path, reason) }
        let (header, metadata, start) = try parseHeader(data, path: path)
        var found: [(name: String, begin: Int, end: Int, shape: [Int])] = []
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw bad("entry '\(name)' lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else { throw bad("tensor '\(name)' has dtype \(dtype); calosim reads F32 only") }
            guard shape.count <= 4, shape.allSatisfy({ $0 >= 0 }) else { throw bad("tensor '\(name)' has shape \(shape)") }
            let (b, e) = (offsets[0], offsets[1])
            guard b >= 0, e >= b, e <= data.count - start else {
                throw bad("tensor '\(name)' data [\(b), \(e)) lies outside the file")
            }
            // The byte count, overflow-checked: a shape from the file may multiply past Int.max.
            let bytes = shape.reduce(Optional(4)) { n, d in n.flatMap { n in
                let (p, overflow) = n.multipliedReportingOverflow(by: d)
                return overflow ? nil : p
            } }
            guard bytes == e - b else {
                throw bad("tensor '\(name)' of shape \(shape) has \(e - b) bytes of data")
            }
            found.append((name, b, e, shape))
        }
        found.sort { $0.begin < $1.begin }
        let tensors = found.map { f -> (name: String, tensor: Tensor) in
            var t = Tensor(shape: f.shape, repeating: 0)
            t.withUnsafeMutableBufferPointer { dst in
                data.withUnsafeBytes { raw in
                    let src = raw.baseAddress! + start + f.begin
                    for i in 0..<dst.count {
                        dst[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                    }
                }
            }
            return (f.name, t)
        }
        return (tensors, metadata)
    }

    /// The header of a safetensors file's bytes: tensor entries, metadata, and where the data starts.
    private static func parseHeader(_ data: Data, path: String) throws -> (header: [String: Any], metadata: [String: String], dataStart: Int) {
        func bad(_ reason: String) -> CalosimError { invalid(path, reason) }
        guard data.count >= 8 else { throw bad("shorter than its 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8), headerLength < 100_000_000 else {
            throw bad("header length \(headerLength) exceeds the file size \(data.count)")
        }
        let start = 8 + Int(headerLength)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<start)) } catch {
            throw bad("header is not JSON (\(error.localizedDescription))")
        }
        guard let header = json as? [String: Any] else { throw bad("header is not a JSON object") }
        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let m = meta as? [String: String] else { throw bad("__metadata__ must map strings to strings") }
            metadata = m
        }
        return (header, metadata, start)
    }

    private static func invalid(_ path: String, _ reason: String) -> CalosimError {
        .badFile(path: path, reason: "not a valid safetensors file: \(reason)")
    }

    /// The metadata of a safetensors file; the file is mapped, so only its header is read.
    public static func readMetadata(from url: URL) throws -> [String: String] {
        try parseHeader(contents(of: url, mapped: true), path: url.path).metadata
    }

    private static func contents(of url: URL, mapped: Bool) throws -> Data {
        do { return try Data(contentsOf: url, options: mapped ? .alwaysMapped : []) } catch {
            throw CalosimError.badFile(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
    }

    /// Writes a safetensors file atomically.
    /// The bytes of `encode`, written tensor by tensor (memory: one tensor's bytes at a time,
    /// not the file's).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL) throws {
        let file = try AtomicFile(url: url, overwrite: true)
        do {
            guard FileManager.default.createFile(atPath: file.temporaryURL.path, contents: nil) else {
                throw CalosimError.badOutput("cannot create \(file.temporaryURL.path)")
            }
            let handle = try FileHandle(forWritingTo: file.temporaryURL)
            do {
                try handle.write(contentsOf: prefix(tensors, metadata: metadata).bytes)
                for (_, t) in tensors {
                    #if _endian(big)
                    var data = Data()
                    append(t, to: &data)
                    try handle.write(contentsOf: data)
                    #else
                    try t.withUnsafeBufferPointer { try handle.write(contentsOf: UnsafeRawBufferPointer($0)) }
                    #endif
                }
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Reads a safetensors file.
    public static func read(from url: URL) throws -> (tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
        try decode(contents(of: url, mapped: false), path: url.path)
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
