/// A raw pointer handed to worker threads that write disjoint parts of one buffer.
///
/// The caller guarantees that the buffer outlives the parallel loop and that no two threads
/// touch the same element.
public struct SharedPointer<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>

    public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }

    public init(_ base: UnsafePointer<Element>) { self.base = UnsafeMutablePointer(mutating: base) }

    @inlinable
    public subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}
