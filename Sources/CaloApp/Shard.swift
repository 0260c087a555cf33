import CaloSupport

/// One of N contiguous parts of a run (`--shard K/N`, K = 1 ... N), for batch farms: part K of a
/// run of n showers holds showers floor((K - 1) n / N) ..< floor(K n / N), made exactly as the
/// whole run makes them (the `--first-shower` machinery), so `calosim merge` of all N parts
/// equals the single run.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// K, 1 ... N.
    public let index: Int
    /// N.
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw CalosimError.badInput("--shard \(index)/\(count): need 1 <= K <= N (the K-th of N parts)")
        }
        self.index = index
        self.count = count
    }

    /// "K/N", as on the command line.
    public init(argument: String) throws {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw CalosimError.badInput("--shard must be K/N, e.g. 3/10 for the third of ten parts (got '\(argument)')")
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The showers of this part of a run of `total`; refuses more parts than showers.
    public func range(of total: Int) throws -> Range<Int> {
        guard count <= total else {
            throw CalosimError.badInput("--shard \(self): \(count) parts of \(total) showers leave some empty; use at most \(total) parts")
        }
        return (total * (index - 1) / count)..<(total * index / count)
    }
}
