import CaloSupport

/// A row-major, contiguous array of Float32 with a shape of rank 0 to 4.
///
/// A value type over copy-on-write storage: a `let` tensor never changes, and writing through
/// `withUnsafeMutableBufferPointer` copies the elements first unless this tensor holds the only
/// reference. A tensor that requires gradients also carries its node in the autodiff graph
/// (see `gradients(of:wrt:createGraph:)`); other tensors carry nothing.
public struct Tensor: @unchecked Sendable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    @usableFromInline var storage: TensorStorage
    @usableFromInline var node: GraphNode?

    @usableFromInline
    init(shape: [Int], storage: TensorStorage, node: GraphNode? = nil) {
        require(shape.count <= 4, "Tensor: rank \(shape.count) > 4 (shape \(shape))")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A tensor whose elements the caller (a kernel) writes before anyone reads them.
    @usableFromInline
    init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: Shape.count(shape)))
    }

    /// A tensor of `shape` with `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        require(Shape.count(shape) == scalars.count,
                "Tensor: shape \(shape) holds \(Shape.count(shape)) elements, given \(scalars.count)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { storage.base.update(from: b, count: scalars.count) }
        }
    }

    /// A rank-0 tensor holding `value`.
    public init(_ value: Float) {
        self.init(shape: [], repeating: value)
    }

    /// Zeros of `shape`.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

    /// Ones of `shape`.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// Number of elements.
    @inlinable public var count: Int { storage.count }

    /// Number of axes.
    @inlinable public var rank: Int { shape.count }

    /// The elements in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// The only element of a one-element tensor.
    public var scalar: Float {
        require(count == 1, "scalar: tensor of shape \(shape) has \(count) elements")
        return storage.base[0]
    }

    /// True when this tensor is a node of the autodiff graph.
    public var requiresGrad: Bool { node != nil }

    /// The same elements as a new leaf of the autodiff graph: gradients can be asked for it.
    public func requiringGrad() -> Tensor {
        Tensor(shape: shape, storage: storage, node: GraphNode(leafOfShape: shape))
    }

    /// The same elements, cut from the autodiff graph (a constant).
    public var detached: Tensor { Tensor(shape: shape, storage: storage) }

    /// Read access to the elements (row-major).
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Write access to the elements; copies them first if another tensor shares them.
    ///
    /// Writing is invisible to any graph that already recorded this tensor (it keeps the old
    /// elements), so updating parameters in place between steps is safe.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    /// True when both tensors read the same memory (a reshape of the other, or a copy not yet written).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 8 ? ", ..." : "")]" + (requiresGrad ? " (grad)" : "")
    }
}

// MARK: - Random tensors (explicit, seeded)

extension Tensor {
    /// Elements uniform in [low, high), drawn in row-major order from `generator`.
    public static func uniform(shape: [Int], low: Float = 0, high: Float = 1,
                               generator: inout Philox) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.storage.base
        for i in 0..<t.count { p[i] = low + (high - low) * generator.uniformFloat() }
        return t
    }

    /// Normally distributed elements (Box-Muller), drawn in row-major order from `generator`.
    public static func normal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                              generator: inout Philox) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        RandomKernels.normal(t.storage.base, count: t.count, mean: mean, standardDeviation: standardDeviation,
                             generator: &generator)
        return t
    }

    /// Normally distributed elements from the counter-based stream (seed, stream), generated in
    /// parallel blocks: the same seed and stream give the same bytes for any thread count.
    public static func normal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                              seed: UInt64, stream: UInt64) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        RandomKernels.parallelNormal(t.storage.base, count: t.count, mean: mean,
                                     standardDeviation: standardDeviation, seed: seed, stream: stream)
        return t
    }

    /// Uniform elements in [low, high) from the counter-based stream (seed, stream), in parallel blocks.
    public static func uniform(shape: [Int], low: Float = 0, high: Float = 1,
                               seed: UInt64, stream: UInt64) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        RandomKernels.parallelUniform(t.storage.base, count: t.count, low: low, high: high, seed: seed, stream: stream)
        return t
    }
}

// MARK: - Raw access for optimisers

extension Tensor {
    /// The first element's address for an in-place update loop, after making the storage unique.
    ///
    /// Valid while this tensor is alive and not copied or reassigned; used by optimisers that
    /// update many parameters in one parallel pass. Prefer `withUnsafeMutableBufferPointer`.
    public mutating func unsafeUniqueBaseAddress() -> UnsafeMutablePointer<Float> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.base
    }

    /// The first element's address for reading; valid while this tensor is alive.
    public var unsafeBaseAddress: UnsafePointer<Float> { UnsafePointer(storage.base) }
}
