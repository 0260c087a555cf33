import Foundation

/// Weighted linear least squares y ~ sum_k p_k f_k(x) for a handful of parameters.
///
/// Minimises chi^2 = sum_i w_i (y_i - sum_k p_k f_k(x_i))^2 through the normal equations
/// (A^T W A) p = A^T W y, solved by Gauss-Jordan elimination with partial pivoting; the
/// parameter covariance is (A^T W A)^-1 when w_i = 1/sigma_i^2 (`weightsAreInverseVariances`),
/// otherwise it is scaled by chi^2/(n - k) (errors from the scatter of the points).
public struct LinearFit: Sendable, Equatable, Codable {
    public let parameters: [Double]
    /// Covariance matrix of the parameters, row-major k x k.
    public let covariance: [Double]
    public let chiSquared: Double
    public let degreesOfFreedom: Int

    /// Standard error of parameter k.
    public func error(_ k: Int) -> Double { covariance[k * parameters.count + k].squareRoot() }
    /// Covariance of parameters j and k.
    public func covariance(_ j: Int, _ k: Int) -> Double { covariance[j * parameters.count + k] }

    /// Fits `values` with design rows `design[i] = [f_0(x_i), ..., f_{k-1}(x_i)]`.
    /// Returns nil when the normal matrix is singular or there are fewer points than parameters.
    public init?(design: [[Double]], values: [Double], weights: [Double]? = nil,
                 weightsAreInverseVariances: Bool = false) {
        let n = values.count
        precondition(design.count == n, "LinearFit: \(design.count) design rows vs \(n) values")
        guard n > 0, let k = design.first?.count, k > 0, n >= k else { return nil }
        let w = weights ?? Array(repeating: 1, count: n)
        precondition(w.count == n, "LinearFit: \(w.count) weights vs \(n) values")
        var normal = Array(repeating: 0.0, count: k * k), rhs = Array(repeating: 0.0, count: k)
        for i in 0..<n {
            let row = design[i]
            precondition(row.count == k, "LinearFit: design row \(i) has \(row.count) entries, expected \(k)")
            for a in 0..<k {
                rhs[a] += w[i] * row[a] * values[i]
                for b in 0..<k { normal[a * k + b] += w[i] * row[a] * row[b] }
            }
        }
        guard let inverse = LinearFit.invert(normal, k) else { return nil }
        var p = Array(repeating: 0.0, count: k)
        for a in 0..<k { for b in 0..<k { p[a] += inverse[a * k + b] * rhs[b] } }
        var chi2 = 0.0
        for i in 0..<n {
            var model = 0.0
            for a in 0..<k { model += p[a] * design[i][a] }
            chi2 += w[i] * (values[i] - model) * (values[i] - model)
        }
        let dof = n - k
        var cov = inverse
        if !weightsAreInverseVariances {
            let scale = dof > 0 ? chi2 / Double(dof) : .infinity
            cov = cov.map { $0 * scale }
        }
        parameters = p
        covariance = cov
        chiSquared = chi2
        degreesOfFreedom = dof
    }

    /// Inverse of a k x k row-major matrix, or nil when (numerically) singular.
    static func invert(_ m: [Double], _ k: Int) -> [Double]? {
        var a = m
        var inv = Array(repeating: 0.0, count: k * k)
        for i in 0..<k { inv[i * k + i] = 1 }
        let scale = m.map(abs).max() ?? 0
        guard scale > 0 else { return nil }
        for col in 0..<k {
            var pivot = col
            for r in col..<k where abs(a[r * k + col]) > abs(a[pivot * k + col]) { pivot = r }
            guard abs(a[pivot * k + col]) > 1e-14 * scale else { return nil }
            if pivot != col {
                for c in 0..<k {
                    a.swapAt(pivot * k + c, col * k + c)
                    inv.swapAt(pivot * k + c, col * k + c)
                }
            }
            let d = a[col * k + col]
            for c in 0..<k { a[col * k + c] /= d; inv[col * k + c] /= d }
            for r in 0..<k where r != col {
                let f = a[r * k + col]
                if f == 0 { continue }
                for c in 0..<k { a[r * k + c] -= f * a[col * k + c]; inv[r * k + c] -= f * inv[col * k + c] }
            }
        }
        return inv
    }
}
