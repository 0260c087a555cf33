import Foundation

extension Geometry {
    /// A readout-only geometry from a CaloChallenge binning XML: its polar layers, no slabs, so
    /// it describes the voxels of a file (training, generation, validation) but cannot be simulated.
    ///
    /// Layer i has the nominal depth range [i, i + 1] mm (the XML gives no depths); the
    /// transverse size is twice the largest outer radius. `json` holds the layers written out.
    /// - Parameters:
    ///   - name: the geometry's name (the file name without extension when loaded from a file).
    ///   - particle: the `Bin` to use (name or pid); nil when the file has one.
    public init(binningXML data: Data, name: String, particle: String? = nil) throws {
        let xml = try BinningXML(data: data, particle: particle)
        let outer = xml.layers.map(\.outerRadiusMM).max() ?? 0
        let side = max(1, 2 * outer)
        let specs = xml.layers.enumerated().map { i, bins in
            Geometry.polarLayerJSON(zStartMM: Double(i), zEndMM: Double(i + 1), scoring: .all, bins: bins)
        }
        let root: JSON = .object([
            "name": .string(name),
            "description": .string("Readout of a CaloChallenge binning XML (particle \(xml.particle)): \(xml.layers.count) polar layers, \(xml.voxelCount) voxels; depths nominal (layer i at [i, i + 1] mm), no materials."),
            "transverse": .object(["widthMM": .number(side), "heightMM": .number(side)]),
            "layers": .array(specs),
        ])
        try self.init(json: root.text)
    }

    /// Loads a binning XML file as a readout-only geometry named after the file.
    public static func load(binningXML url: URL, particle: String? = nil) throws -> Geometry {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GeometryError(path: "", message: "cannot read the binning XML (missing or unreadable)", file: url.path)
        }
        do {
            return try Geometry(binningXML: data, name: url.deletingPathExtension().lastPathComponent, particle: particle)
        } catch var error as GeometryError {
            error.file = url.path
            throw error
        }
    }

    /// One polar layer in the JSON layer format.
    static func polarLayerJSON(zStartMM: Double, zEndMM: Double, scoring: Scoring, bins: PolarBins) -> JSON {
        .object([
            "zMM": .array([.number(zStartMM), .number(zEndMM)]),
            "scoring": .string(scoring.rawValue),
            "polar": .object(["rEdgesMM": .array(bins.rEdgesMM.map { .number($0) }),
                              "alphaBins": .number(Double(bins.alphaBins))]),
        ])
    }

    /// `polar: { rEdgesMM, alphaBins }`: edges strictly increasing from >= 0, alphaBins >= 1. The
    /// mesh follows the entry point, so it may reach beyond the stack (those cells stay empty).
    static func parsePolarCells(_ node: JSONValue) throws -> CartesianCells {
        let edgesV = try node.member("rEdgesMM")
        let items = try edgesV.array()
        guard !items.isEmpty else { throw edgesV.fail("must hold at least one edge") }
        var edges: [Double] = []
        for (i, item) in items.enumerated() {
            let v = try item.number()
            if i == 0, v < 0 { throw item.fail("first edge \(v) mm is negative") }
            if let last = edges.last, v <= last {
                throw item.fail("edge \(i) (\(v) mm) is not above edge \(i - 1) (\(last) mm): r edges must increase")
            }
            edges.append(v)
        }
        let alphaV = try node.member("alphaBins")
        let alpha = try alphaV.integer()
        guard alpha >= 1 else { throw alphaV.fail("must be >= 1 (got \(alpha))") }
        let bins = PolarBins(rEdgesMM: edges, alphaBins: alpha)
        let pitch = bins.rBins > 0 ? bins.outerRadiusMM / Double(bins.rBins) : 0
        return CartesianCells(rows: alpha, cols: bins.rBins, cellHeightMM: pitch, cellWidthMM: pitch, polar: bins)
    }

    /// The layer specs (JSON format) of `readout: { binningXML, layerThicknessMM, scoring?, particle? }`:
    /// the XML's polar layers, each `layerThicknessMM` deep from z = 0; with a stack, the layers
    /// must fill it exactly.
    static func xmlLayerSpecs(_ node: JSONValue, slabs: [Slab], baseDirectory: URL?) throws -> [JSON] {
        let fileV = try node.member("binningXML")
        let path = try fileV.string()
        let url = path.hasPrefix("/") || baseDirectory == nil
            ? URL(fileURLWithPath: path) : baseDirectory!.appendingPathComponent(path)
        let particle = try node.optional("particle")?.string()
        let xml: BinningXML
        do {
            xml = try BinningXML.load(file: url, particle: particle)
        } catch let e as GeometryError {
            throw fileV.fail("'\(path)': \(e.path.isEmpty ? "" : e.path + " ")\(e.message)")
        }
        let thicknessV = try node.member("layerThicknessMM")
        let thickness = try thicknessV.positive()
        var scoring = Scoring.all
        if let s = try node.optional("scoring") {
            guard let parsed = Scoring(rawValue: try s.string()) else {
                throw s.fail("must be \"all\" or \"active\" (got \"\(try s.string())\")")
            }
            scoring = parsed
        }
        if let depth = slabs.last?.zEndMM {
            let fitted = depth / thickness
            let count = Int(fitted.rounded())
            guard abs(fitted - Double(count)) < 1e-6, count == xml.layers.count else {
                throw thicknessV.fail("the binning XML has \(xml.layers.count) layers, but the stack (\(depth) mm) holds \(String(format: "%.4g", fitted)) layers of \(thickness) mm")
            }
        }
        return xml.layers.enumerated().map { i, bins in
            polarLayerJSON(zStartMM: Double(i) * thickness, zEndMM: Double(i + 1) * thickness, scoring: scoring, bins: bins)
        }
    }

    /// The document `root` with member `key` replaced by `replacement`, as JSON text.
    static func replacing(_ root: JSONValue, member key: String, with replacement: (String, JSON)) -> String {
        guard case .object(var members) = root.value else { return "" }
        members[key] = nil
        members[replacement.0] = replacement.1
        return JSON.object(members).text
    }
}

extension JSON {
    /// The value as JSON text, object keys sorted (deterministic); whole numbers without a
    /// fraction, others in Swift's shortest round-trip form.
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d):
            if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        case .string(let s):
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { JSON.string($0).text + ": " + o[$0]!.text }.joined(separator: ", ") + "}"
        }
    }
}
