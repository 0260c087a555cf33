import CaloSupport

extension Philox {
    /// A uniform deviate in the open interval (0, 1) from one 32-bit word: resolution 2^-32, enough
    /// for angles, positions along a step and counting, at half the cost of the 53-bit `uniform()`.
    @inline(__always)
    mutating func uniform32() -> Double {
        (Double(next32()) + 0.5) * 0x1p-32
    }
}
