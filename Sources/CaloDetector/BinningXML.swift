import Foundation
import FoundationXML

/// A CaloChallenge binning XML: per particle (`Bin`), the polar bins of each readout layer.
///
/// Format (CaloChallenge/homepage `code/binning_dataset_*.xml`, read there by `XMLHandler.py`):
/// ```
/// <Bins>
///   <Bin pid="11" name="electron">
///     <Layer id="0" r_edges="0,4.65,9.3" n_bin_alpha="16" />   <!-- r edges in mm -->
///     <Layer id="1" r_edges="0" n_bin_alpha="1" />              <!-- no voxels -->
///   </Bin>
/// </Bins>
/// ```
/// Layers are taken in document order (as `XMLHandler`); alpha bins span -pi..pi (`PolarBins`).
public struct BinningXML: Sendable, Equatable {
    /// The `name` attribute of the chosen `Bin` ("electron", "photon", "pion").
    public let particle: String
    /// Its `pid` attribute (PDG code), when given.
    public let pid: Int?
    /// The bins of each layer, in document order.
    public let layers: [PolarBins]

    /// Total number of voxels (the CaloChallenge's `GetTotalNumberOfBins`).
    public var voxelCount: Int { layers.reduce(0) { $0 + $1.cellCount } }

    /// Parses the XML text and picks the `Bin` named `particle` (its `name` or `pid`); nil picks
    /// the only one.
    /// - Throws: `GeometryError` naming the element and attribute of the first bad value.
    public init(data: Data, particle: String? = nil) throws {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse(), parser.parserError == nil, reader.failure == nil else {
            if let failure = reader.failure { throw failure }
            let reason = parser.parserError.map { ($0 as NSError).code }.map { "XML parser error \($0)" } ?? "unknown error"
            throw GeometryError(path: "", message: "does not parse as XML (\(reason) at line \(parser.lineNumber), column \(parser.columnNumber))")
        }
        let bins = reader.bins
        guard !bins.isEmpty else { throw GeometryError(path: "Bins", message: "holds no <Bin> element") }
        let names = bins.map { $0.name }.joined(separator: ", ")
        let chosen: Reader.Bin
        if let particle {
            guard let b = bins.first(where: { $0.name == particle || $0.pid.map(String.init) == particle }) else {
                throw GeometryError(path: "Bins", message: "has no <Bin> for particle '\(particle)' (it has: \(names))")
            }
            chosen = b
        } else {
            guard bins.count == 1 else {
                throw GeometryError(path: "Bins", message: "has \(bins.count) <Bin> elements (\(names)); name the particle")
            }
            chosen = bins[0]
        }
        guard !chosen.layers.isEmpty else {
            throw GeometryError(path: "Bin name=\"\(chosen.name)\"", message: "holds no <Layer> element")
        }
        self.particle = chosen.name
        pid = chosen.pid
        layers = chosen.layers
    }

    /// Reads a binning XML file.
    public static func load(file url: URL, particle: String? = nil) throws -> BinningXML {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GeometryError(path: "", message: "cannot read the binning XML (missing or unreadable)", file: url.path)
        }
        do {
            return try BinningXML(data: data, particle: particle)
        } catch var error as GeometryError {
            error.file = url.path
            throw error
        }
    }

    /// Parses one `r_edges` attribute: comma-separated mm, the first >= 0, strictly increasing.
    static func parseEdges(_ text: String, path: String) throws -> [Double] {
        var edges: [Double] = []
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let s = part.trimmingCharacters(in: .whitespaces)
            guard let v = Double(s), v.isFinite else {
                throw GeometryError(path: path, message: "entry \(i) '\(s)' of \"\(text)\" is not a number")
            }
            if i == 0, v < 0 { throw GeometryError(path: path, message: "first edge \(v) mm is negative") }
            if let last = edges.last, v <= last {
                let what = v == last ? "repeats" : "is below"
                throw GeometryError(path: path, message: "edge \(i) (\(v) mm) \(what) edge \(i - 1) (\(last) mm): r edges must increase")
            }
            edges.append(v)
        }
        return edges
    }

    /// The SAX delegate: collects `Bin` elements and their `Layer`s, stopping at the first bad value.
    private final class Reader: NSObject, XMLParserDelegate {
        struct Bin { var name: String; var pid: Int?; var layers: [PolarBins] }
        var bins: [Bin] = []
        var failure: GeometryError?
        private var inBin = false

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            guard failure == nil else { return }
            switch element {
            case "Bin":
                let name = attributes["name"] ?? attributes["pid"] ?? "bin \(bins.count)"
                bins.append(Bin(name: name, pid: attributes["pid"].flatMap { Int($0) }, layers: []))
                inBin = true
            case "Layer":
                guard inBin, let bin = bins.last else {
                    return fail(GeometryError(path: "Layer", message: "lies outside a <Bin> element"), parser)
                }
                let where_ = "Bin name=\"\(bin.name)\" Layer \(bin.layers.count)" + (attributes["id"].map { " id=\"\($0)\"" } ?? "")
                guard let edgesText = attributes["r_edges"] else {
                    return fail(GeometryError(path: where_, message: "has no r_edges attribute"), parser)
                }
                guard let alphaText = attributes["n_bin_alpha"] else {
                    return fail(GeometryError(path: where_, message: "has no n_bin_alpha attribute"), parser)
                }
                do {
                    let edges = try BinningXML.parseEdges(edgesText, path: "\(where_) r_edges")
                    guard let alpha = Int(alphaText.trimmingCharacters(in: .whitespaces)), alpha >= 1 else {
                        throw GeometryError(path: "\(where_) n_bin_alpha", message: "must be a whole number >= 1 (got \"\(alphaText)\")")
                    }
                    bins[bins.count - 1].layers.append(PolarBins(rEdgesMM: edges, alphaBins: alpha))
                } catch let e as GeometryError {
                    fail(e, parser)
                } catch {
                    fail(GeometryError(path: where_, message: "\(error)"), parser)
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "Bin" { inBin = false }
        }

        private func fail(_ error: GeometryError, _ parser: XMLParser) {
            failure = error
            parser.abortParsing()
        }
    }
}
