import CaloSupport
import Foundation

/// A buffer pointer that worker threads may share; kernels write disjoint ranges only.
@usableFromInline
typealias SendablePointer = SharedPointer<Float>

/// Float buffers recycled by element count, so a training loop that repeats the same shapes
/// stops calling the system allocator after its first iteration.
///
/// Buffers are 64-byte aligned. At most `maximumPooledBytes` are kept idle; beyond that a
/// released buffer goes back to the system.
public final class BufferPool: @unchecked Sendable {
    /// The pool every tensor uses.
    public static let shared = BufferPool()
    /// The most idle memory the pool keeps.
    public let maximumPooledBytes = 1 << 30

    private let lock = NSLock()
    private var idle: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var idleBytes = 0
    private var fresh = 0

    /// Buffers obtained from the system allocator so far (pool misses).
    public var freshAllocations: Int {
        lock.lock()
        defer { lock.unlock() }
        return fresh
    }

    /// Bytes held idle in the pool.
    public var pooledBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return idleBytes
    }

    @usableFromInline
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        lock.lock()
        if let p = idle[count]?.popLast() {
            idleBytes -= count * 4
            lock.unlock()
            return p
        }
        fresh += 1
        lock.unlock()
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    @usableFromInline
    func give(_ p: UnsafeMutablePointer<Float>, count: Int) {
        lock.lock()
        if idleBytes + count * 4 <= maximumPooledBytes {
            idle[count, default: []].append(p)
            idleBytes += count * 4
            lock.unlock()
            return
        }
        lock.unlock()
        UnsafeMutableRawPointer(p).deallocate()
    }
}

/// The Float32 elements behind one or more tensors (a reshape shares them).
///
/// Tensors copy it before writing unless they hold the only reference (copy-on-write).
@usableFromInline
final class TensorStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int

    /// Storage whose contents are unspecified: the caller writes every element.
    @usableFromInline
    init(uninitializedCount count: Int) {
        self.count = count
        base = BufferPool.shared.take(count)
    }

    @usableFromInline
    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        base.update(repeating: value, count: count)
    }

    @usableFromInline
    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        s.base.update(from: base, count: count)
        return s
    }

    deinit { BufferPool.shared.give(base, count: count) }
}
