import Foundation

/// Reads a PNG file's structure for tests: signature, IHDR size, tEXt chunks, CRCs.
struct PNGInspector {
    var width = 0
    var height = 0
    var text: [String: String] = [:]
    var chunkTypes: [String] = []

    enum Failure: Error, CustomStringConvertible {
        case bad(String)
        var description: String { if case .bad(let m) = self { return m }; return "" }
    }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, Array(bytes[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10] else {
            throw Failure.bad("no PNG signature")
        }
        func u32(_ o: Int) -> UInt32 { bytes[o..<o + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        var o = 8
        while o + 12 <= bytes.count {
            let length = Int(u32(o))
            guard o + 12 + length <= bytes.count else { throw Failure.bad("chunk at \(o) runs past the end") }
            let type = String(decoding: bytes[o + 4..<o + 8], as: UTF8.self)
            let body = Array(bytes[o + 8..<o + 8 + length])
            let crc = u32(o + 8 + length)
            guard crc == Self.crc32(Array(bytes[o + 4..<o + 8 + length])) else { throw Failure.bad("bad CRC in \(type)") }
            chunkTypes.append(type)
            if type == "IHDR" {
                width = Int(body[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
                height = Int(body[4..<8].reduce(0) { $0 << 8 | UInt32($1) })
            } else if type == "tEXt", let zero = body.firstIndex(of: 0) {
                text[String(decoding: body[..<zero], as: UTF8.self)] = String(decoding: body[(zero + 1)...], as: UTF8.self)
            }
            o += 12 + length
            if type == "IEND" { break }
        }
        guard chunkTypes.first == "IHDR", chunkTypes.last == "IEND", chunkTypes.contains("IDAT") else {
            throw Failure.bad("chunks \(chunkTypes)")
        }
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
}
