import CaloTensor
import XCTest
import _TestSupport

/// Fails with Tolerance's message (max abs/rel error, first bad index) when a and b differ.
func assertClose(_ a: [Float], _ b: [Float], abs: Float = 1e-5, rel: Float = 1e-4, _ what: @autoclosure () -> String,
                 file: StaticString = #filePath, line: UInt = #line) {
    if let message = Tolerance.compare(a, b, abs: abs, rel: rel) { XCTFail("\(what()): \(message)", file: file, line: line) }
}

/// A tensor of `shape` with elements uniform in [low, high).
func randomTensor(_ shape: [Int], _ rng: inout TestRNG, _ low: Float = -1, _ high: Float = 1) -> Tensor {
    Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *), low, high))
}

/// Uniform in ±[0.2, 1): away from the kinks of relu, abs, clamp.
func awayFromZero(_ shape: [Int], _ rng: inout TestRNG) -> Tensor {
    Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *), 0.2, 1).map { rng.next() & 1 == 0 ? $0 : -$0 })
}

/// sum(y * w) in Double.
func weightedSum(_ y: Tensor, _ w: [Float]) -> Double {
    zip(y.scalars, w).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// Checks the gradient of L = sum(f(x) * w) (w random, so upstream gradients are not all ones)
/// with respect to every input against central differences of L evaluated in Float, summed in Double.
/// f is evaluated with recording on, as f may itself take gradients (the WGAN-GP penalty).
func checkGradients(_ inputs: [Tensor], step h: Float = 1e-2, abs: Float = 2e-3, rel: Float = 2e-3, seed: UInt64 = 7,
                    _ what: String, file: StaticString = #filePath, line: UInt = #line, _ f: ([Tensor]) -> Tensor) {
    var rng = TestRNG(seed: seed)
    let xs = inputs.map { $0.requiringGrad() }
    let y = f(xs)
    let w = rng.floats(y.count)
    let loss = (y * Tensor(shape: y.shape, scalars: w)).sum()
    let analytic = gradients(of: loss, wrt: xs)
    for i in inputs.indices {
        var numeric = [Float](repeating: 0, count: inputs[i].count)
        for j in 0..<inputs[i].count {
            var values = inputs.map(\.scalars)
            let x0 = values[i][j]
            values[i][j] = x0 + h
            let plus = weightedSum(f(zip(inputs, values).map { Tensor(shape: $0.shape, scalars: $1) }), w)
            values[i][j] = x0 - h
            let minus = weightedSum(f(zip(inputs, values).map { Tensor(shape: $0.shape, scalars: $1) }), w)
            numeric[j] = Float((plus - minus) / Double(2 * h))
        }
        assertClose(analytic[i].scalars, numeric, abs: abs, rel: rel, "\(what): d/d input \(i)", file: file, line: line)
    }
}

/// Second order: the gradient of <grad f(x), v> (exact, through a recorded backward pass) against
/// (grad f(x + h v) - grad f(x - h v)) / 2h, for a scalar f of the inputs.
func checkSecondOrder(_ inputs: [Tensor], step h: Float = 1e-2, abs: Float = 2e-3, rel: Float = 5e-3, seed: UInt64 = 11,
                      _ what: String, file: StaticString = #filePath, line: UInt = #line, _ f: ([Tensor]) -> Tensor) {
    var rng = TestRNG(seed: seed)
    let vs = inputs.map { Tensor(shape: $0.shape, scalars: rng.floats($0.count)) }
    let xs = inputs.map { $0.requiringGrad() }
    let g = gradients(of: f(xs), wrt: xs, createGraph: true)
    var inner = (g[0] * vs[0]).sum()
    for i in 1..<inputs.count { inner = inner + (g[i] * vs[i]).sum() }
    let hv = gradients(of: inner, wrt: xs)

    func gradient(at shift: Float) -> [[Float]] {
        let moved = zip(inputs, vs).map { (x, v) in (x + v * shift).requiringGrad() }
        return gradients(of: f(moved), wrt: moved).map(\.scalars)
    }
    let plus = gradient(at: h), minus = gradient(at: -h)
    for i in inputs.indices {
        let numeric = zip(plus[i], minus[i]).map { Float((Double($0) - Double($1)) / Double(2 * h)) }
        assertClose(hv[i].scalars, numeric, abs: abs, rel: rel, "\(what): Hessian-vector product, input \(i)",
                    file: file, line: line)
    }
}
