import CaloTensor
import XCTest

/// First and second derivatives of a scalar function of showers against central differences,
/// for the critic's features (the gradient penalty differentiates them twice).
enum FeatureDerivatives {
    /// Tolerances abs + rel |numeric| of one order.
    struct Tolerance {
        var abs: Double
        var rel: Double
    }

    /// Checks d f / d x at `x0` against (f(x + h e_j) - f(x - h e_j)) / 2h, and the
    /// Hessian-vector product (the gradient of <grad f, v>) against
    /// (grad f(x + h v) - grad f(x - h v)) / 2h. `f` maps showers [x0.count / cells, cells]
    /// to a scalar tensor. Returns the largest |numeric| Hessian-vector entry and the largest
    /// deviation from it.
    @discardableResult
    static func check(at x0: [Float], direction v: [Float], cells: Int, step h: Float, first: Tolerance, second: Tolerance,
                      file: StaticString = #filePath, line: UInt = #line,
                      _ f: (Tensor) -> Tensor) -> (largest: Double, worst: Double) {
        let shape = [x0.count / cells, cells]
        func value(_ x: [Float]) -> Double { Double(withoutGradients { f(Tensor(shape: shape, scalars: x)) }.scalars[0]) }
        func gradient(_ x: [Float]) -> [Float] {
            let t = Tensor(shape: shape, scalars: x).requiringGrad()
            return gradients(of: f(t), wrt: [t])[0].scalars
        }
        let analytic = gradient(x0)
        for j in x0.indices {
            var plus = x0, minus = x0
            plus[j] += h
            minus[j] -= h
            let numeric = (value(plus) - value(minus)) / Double(2 * h)
            XCTAssertEqual(Double(analytic[j]), numeric, accuracy: first.abs + first.rel * abs(numeric), "first order, cell \(j)",
                           file: file, line: line)
        }
        let x = Tensor(shape: shape, scalars: x0).requiringGrad()
        let g = gradients(of: f(x), wrt: [x], createGraph: true)[0]
        let hv = gradients(of: (g * Tensor(shape: shape, scalars: v)).sum(), wrt: [x])[0].scalars
        let plus = gradient(zip(x0, v).map { $0 + h * $1 }), minus = gradient(zip(x0, v).map { $0 - h * $1 })
        var largest = 0.0, worst = 0.0
        for j in x0.indices {
            let numeric = (Double(plus[j]) - Double(minus[j])) / Double(2 * h)
            XCTAssertEqual(Double(hv[j]), numeric, accuracy: second.abs + second.rel * abs(numeric), "second order, cell \(j)",
                           file: file, line: line)
            largest = max(largest, abs(numeric))
            worst = max(worst, abs(Double(hv[j]) - numeric))
        }
        return (largest, worst)
    }
}
