import CaloSupport

/// The processes that run one job together (data-parallel training): `size` ranks, numbered
/// `0..<size`, each holding the whole model. Every member calls each collective operation in
/// the same order with buffers of the same length.
///
/// `SingleProcess` is the group of one (no MPI); `MPIWorld` the ranks `mpirun` started.
public protocol ProcessGroup: AnyObject {
    /// This process's number, 0 ..< size; rank 0 alone writes files.
    var rank: Int { get }
    var size: Int { get }
    /// What the group runs on, for `calosim info` and logs ("single process", "Open MPI v4.1.4 ...").
    var transport: String { get }
    /// Replaces `values` by their element-wise sum over all ranks; every rank receives the same
    /// bytes (one `MPI_Allreduce` of `values.count` floats).
    func sum(_ values: UnsafeMutableBufferPointer<Float>)
    /// Every rank's `values` (the same count on each), concatenated in rank order.
    func allGather(_ values: [UInt64]) -> [UInt64]
    /// `bytes` as given on `root`, on every rank (the same count on each).
    func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8]
}

/// The group of one process: every collective is the identity.
public final class SingleProcess: ProcessGroup {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public var transport: String { "single process" }
    public func sum(_ values: UnsafeMutableBufferPointer<Float>) {}
    public func allGather(_ values: [UInt64]) -> [UInt64] { values }
    public func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8] {
        require(root == 0, "SingleProcess.broadcast: root \(root) of 1 rank")
        return bytes
    }
}

extension ProcessGroup {
    /// True on the rank that writes logs, checkpoints and models.
    public var isWriter: Bool { rank == 0 }

    /// `values` summed over the ranks (see `sum(_:)`).
    public func sum(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { sum($0) }
    }

    /// Collective: every rank's outcome of one phase. When all succeeded, returns this rank's
    /// value; otherwise every rank throws: the failing rank its own error, the others the
    /// message of the lowest failing rank ("rank K: ..."), so that all stop together and a
    /// rank that failed cannot leave the others waiting in the next collective.
    public func agree<T>(_ outcome: Result<T, Error>) throws -> T {
        if size == 1 { return try outcome.get() }
        let failed = allGather([outcome.isSuccess ? 0 : 1])
        guard let first = failed.firstIndex(of: 1) else { return try outcome.get() }
        let message: [UInt8]
        if case .failure(let error) = outcome, first == rank {
            message = Self.fixedLength(Array("\(error)".utf8))
        } else {
            message = Self.fixedLength([])
        }
        let text = Self.text(broadcast(message, root: first))
        if case .failure(let error) = outcome { throw error }
        throw CalosimError.environment("rank \(first) of \(size) stopped: \(text)")
    }

    /// Collective: refuses to go on unless every rank passed the same `value` (a fingerprint
    /// of the build or of the data); `what` names it, `description` is this rank's readable
    /// form of it, quoted in the message.
    /// Neither is evaluated for a single process.
    public func requireSame(_ value: @autoclosure () -> UInt64, what: String, description: @autoclosure () -> String) throws {
        if size == 1 { return }
        let all = allGather([value()])
        guard let other = all.firstIndex(where: { $0 != all[0] }) else { return }
        let mine = Self.fixedLength(Array(description().utf8))
        let theirs = Self.text(broadcast(mine, root: other))
        let first = Self.text(broadcast(mine, root: 0))
        throw CalosimError.mismatch("rank \(other) of \(size) has another \(what) (\(theirs)) than rank 0 (\(first)); all ranks must agree")
    }

    /// Messages travel in blocks of this many bytes (longer ones are cut).
    static var messageBytes: Int { 1024 }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }

    static func fixedLength(_ bytes: [UInt8]) -> [UInt8] {
        let cut = Array(bytes.prefix(messageBytes - 1))
        return cut + [UInt8](repeating: 0, count: messageBytes - cut.count)
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
