import CaloSupport
import CaloTensor
import Foundation

/// Adam (Kingma & Ba, arXiv:1412.6980) with bias correction, as PyTorch's `torch.optim.Adam`:
///
///     g += weightDecay * p                     (L2 penalty, when weightDecay > 0)
///     m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
///     p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
///
/// One step updates every parameter in one pass over memory (p, g, m, v read once), in chunks
/// split over threads.
public final class Adam {
    public let parameters: [Parameter]
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// Steps taken so far.
    public internal(set) var stepCount = 0

    let offsets: [Int]
    let moments: UnsafeMutablePointer<Float>
    let total: Int

    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        var offsets = [0]
        for p in parameters { offsets.append(offsets.last! + p.value.count) }
        self.offsets = offsets
        total = offsets.last!
        moments = .allocate(capacity: max(2 * total, 1))
        moments.initialize(repeating: 0, count: max(2 * total, 1))
    }

    deinit { moments.deallocate() }

    /// The first moments m of parameter i (for inspection and tests).
    public func firstMoment(_ i: Int) -> [Float] { Array(UnsafeBufferPointer(start: moments + offsets[i], count: offsets[i + 1] - offsets[i])) }

    /// The second moments v of parameter i.
    public func secondMoment(_ i: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: moments + total + offsets[i], count: offsets[i + 1] - offsets[i]))
    }

    /// One update from `gradients`, aligned with `parameters` (as returned by
    /// `gradients(of: loss, wrt: parameters.map(\.value))`).
    public func step(_ gradients: [Tensor]) {
        require(gradients.count == parameters.count, "Adam.step: \(gradients.count) gradients for \(parameters.count) parameters")
        stepCount += 1
        let t = Float(stepCount)
        let stepSize = learningRate / (1 - Foundation.pow(beta1, t))
        let correction2 = 1 / Foundation.sqrt(1 - Foundation.pow(beta2, t))
        var work: [AdamChunk] = []
        let chunk = 16_384
        for (i, p) in parameters.enumerated() {
            require(gradients[i].shape == p.value.shape, "Adam.step: gradient \(gradients[i].shape) for parameter \(p.value.shape)")
            let base = p.value.unsafeUniqueBaseAddress()
            let g = UnsafeMutablePointer(mutating: gradients[i].unsafeBaseAddress)
            let m = moments + offsets[i], v = moments + total + offsets[i]
            var lo = 0
            while lo < p.value.count {
                let n = min(chunk, p.value.count - lo)
                work.append(AdamChunk(p: base + lo, g: g + lo, m: m + lo, v: v + lo, count: n))
                lo += n
            }
        }
        let k = AdamConstants(beta1: beta1, beta2: beta2, stepSize: stepSize, correction2: correction2,
                              epsilon: epsilon, weightDecay: weightDecay)
        let items = work
        withExtendedLifetime(gradients) {
            Threads.parallelFor(items.count, threads: total >= 65_536 ? TensorConfiguration.threads : 1) { j in
                items[j].update(k)
            }
        }
    }
}

struct AdamConstants: Sendable {
    let beta1, beta2, stepSize, correction2, epsilon, weightDecay: Float
}

/// A contiguous run of one parameter with its gradient and moments.
struct AdamChunk: @unchecked Sendable {
    let p, g, m, v: UnsafeMutablePointer<Float>
    let count: Int

    @inline(__always)
    func update(_ k: AdamConstants) {
        let b1 = SIMD16<Float>(repeating: k.beta1), b2 = SIMD16<Float>(repeating: k.beta2)
        let c1 = 1 - b1, c2 = 1 - b2
        var i = 0
        while i + 16 <= count {
            var grad = load(g + i)
            if k.weightDecay != 0 { grad += k.weightDecay * load(p + i) }
            let mi = b1 * load(m + i) + c1 * grad
            let vi = b2 * load(v + i) + c2 * grad * grad
            store(mi, m + i)
            store(vi, v + i)
            store(load(p + i) - k.stepSize * mi / (vi.squareRoot() * k.correction2 + k.epsilon), p + i)
            i += 16
        }
        while i < count {
            let grad = g[i] + k.weightDecay * p[i]
            m[i] = k.beta1 * m[i] + (1 - k.beta1) * grad
            v[i] = k.beta2 * v[i] + (1 - k.beta2) * grad * grad
            p[i] -= k.stepSize * m[i] / (v[i].squareRoot() * k.correction2 + k.epsilon)
            i += 1
        }
    }

    @inline(__always) private func load(_ q: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(q).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always) private func store(_ x: SIMD16<Float>, _ q: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(q).storeBytes(of: x, as: SIMD16<Float>.self)
    }
}
