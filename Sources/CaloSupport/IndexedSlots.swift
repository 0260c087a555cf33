/// Preallocated result slots that worker threads fill by index, each slot exactly once.
///
/// The parallel loops of calosim (`Threads.parallelFor`) hand index i to one thread; that thread
/// writes slot i, and the caller reads the slots after the loop returns. Distinct slots are
/// distinct memory, so no lock is needed; reading a slot nobody wrote is a programmer error.
/// Results come back in index order, so whatever is reduced from them does not depend on the
/// number of threads.
public final class IndexedSlots<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element?>

    /// `count` empty slots.
    public init(count: Int) {
        require(count >= 0, "IndexedSlots: count \(count)")
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        _ = storage.deinitialize()
        storage.deallocate()
    }

    /// Number of slots.
    public var count: Int { storage.count }

    /// Stores `value` in slot `i` (called once per slot, from any thread).
    public func set(_ i: Int, _ value: Element) {
        require(i >= 0 && i < storage.count, "IndexedSlots.set: slot \(i) of \(storage.count)")
        storage[i] = value
    }

    /// The value of slot `i` (after the parallel loop).
    public subscript(i: Int) -> Element {
        require(i >= 0 && i < storage.count, "IndexedSlots: slot \(i) of \(storage.count)")
        guard let v = storage[i] else { requirementFailed("IndexedSlots: slot \(i) was never set") }
        return v
    }

    /// Every value in slot order (after the parallel loop; every slot must be set).
    public var values: [Element] { (0..<storage.count).map { self[$0] } }
}
