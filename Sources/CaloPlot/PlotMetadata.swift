import CaloSupport

/// Provenance stored in a PNG's tEXt chunks, so a plot found alone says where it came from.
public struct PlotMetadata: Sendable, Equatable {
    public var title: String
    /// Input files ("reference: a.h5; generated: b.h5").
    public var source: String
    public var modelID: String?
    public var seed: UInt64?
    /// Further key/value pairs.
    public var extra: [(String, String)]

    public init(title: String, source: String, modelID: String? = nil, seed: UInt64? = nil, extra: [(String, String)] = []) {
        self.title = title
        self.source = source
        self.modelID = modelID
        self.seed = seed
        self.extra = extra
    }

    public static func == (a: PlotMetadata, b: PlotMetadata) -> Bool {
        a.textChunks.elementsEqual(b.textChunks) { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// The (keyword, text) pairs: Title, Software, Source, Model, Seed, then extras.
    public var textChunks: [(String, String)] {
        var list = [("Title", title), ("Software", "calosim \(CalosimVersion.string)"), ("Source", source)]
        if let m = modelID { list.append(("Model", m)) }
        if let s = seed { list.append(("Seed", String(s))) }
        return list + extra
    }
}
