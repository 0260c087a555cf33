import CaloSupport
import CaloTensor

extension Adam {
    /// The optimiser's state for a checkpoint: steps taken and the moments m then v of every
    /// parameter, flattened in `parameters` order.
    public func exportState() -> (steps: Int, moments: [Float]) {
        (stepCount, Array(UnsafeBufferPointer(start: moments, count: 2 * total)))
    }

    /// The moments of `exportState()` as one tensor [2 x parameters], copied once.
    public func exportMoments() -> Tensor {
        var t = Tensor(shape: [2 * total], repeating: 0)
        t.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: moments, count: 2 * total) }
        return t
    }

    /// Restores a state from `exportState()`; refuses one of another size.
    public func importState(steps: Int, moments values: [Float]) throws {
        guard values.count == 2 * total, steps >= 0 else {
            throw CalosimError.mismatch("Adam state holds \(values.count) moments for \(2 * total) expected")
        }
        values.withUnsafeBufferPointer { moments.update(from: $0.baseAddress!, count: 2 * total) }
        stepCount = steps
    }
}
