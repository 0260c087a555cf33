/// The normal equations (A^T W A) p = A^T W y of a weighted linear least-squares problem
/// y ~ sum_k p_k f_k(x) with k = 1...K parameters, accumulated one point at a time.
///
/// Each point adds its design row a_i = [f_0(x_i), ..., f_{K-1}(x_i)], value y_i and weight w_i:
/// N_ab += w_i a_ia a_ib and r_a += w_i a_ia y_i. For K <= 3 `solve()` uses closed forms
/// (K = 2: slope by Cramer's rule, intercept by back-substitution, the textbook straight-line
/// fit of Bevington & Robinson, Data Reduction and Error Analysis, 3rd ed., 6.3; K = 3:
/// Cramer's rule), larger systems the Gauss-Jordan inverse (Press et al., Numerical Recipes,
/// 3rd ed., 2.1). Singular systems give non-finite parameters: test `determinant` or use
/// `LinearFit`, which refuses them.
public struct NormalEquations: Sendable, Equatable {
    public let parameterCount: Int
    /// N = A^T W A, row-major K x K.
    public private(set) var matrix: [Double]
    /// r = A^T W y, K entries.
    public private(set) var rhs: [Double]
    /// Points added.
    public private(set) var count = 0

    public init(parameterCount: Int) {
        require(parameterCount > 0, "NormalEquations: \(parameterCount) parameters")
        self.parameterCount = parameterCount
        matrix = Array(repeating: 0, count: parameterCount * parameterCount)
        rhs = Array(repeating: 0, count: parameterCount)
    }

    /// Adds a point: design row `row` (K entries), value `value`, weight `weight` (1/sigma^2
    /// for measurements with errors sigma).
    public mutating func add(_ row: [Double], value: Double, weight: Double = 1) {
        let k = parameterCount
        require(row.count == k, "NormalEquations.add: design row has \(row.count) entries, expected \(k)")
        for a in 0..<k {
            rhs[a] += weight * row[a] * value
            for b in 0..<k { matrix[a * k + b] += weight * row[a] * row[b] }
        }
        count += 1
    }

    /// N_ab.
    public subscript(a: Int, b: Int) -> Double { matrix[a * parameterCount + b] }

    /// det N for K <= 3 (0 means the fit is undetermined).
    public var determinant: Double {
        switch parameterCount {
        case 1: return matrix[0]
        case 2: return self[0, 0] * self[1, 1] - self[0, 1] * self[1, 0]
        case 3: return Self.determinant3(matrix)
        default: requirementFailed("NormalEquations.determinant: only for up to 3 parameters, not \(parameterCount)")
        }
    }

    /// The least-squares parameters p = N^-1 r (see the type's doc comment for the method).
    public func solve() -> [Double] {
        let k = parameterCount
        switch k {
        case 1:
            return [rhs[0] / matrix[0]]
        case 2:
            let slope = (self[0, 0] * rhs[1] - self[0, 1] * rhs[0]) / determinant
            return [(rhs[0] - slope * self[0, 1]) / self[0, 0], slope]
        case 3:
            let d = determinant
            return (0..<3).map { column in
                var replaced = matrix
                for i in 0..<3 { replaced[i * 3 + column] = rhs[i] }
                return Self.determinant3(replaced) / d
            }
        default:
            guard let inverse = inverse() else { return Array(repeating: .nan, count: k) }
            return Self.product(inverse, rhs)
        }
    }

    /// N^-1 (row-major), by Gauss-Jordan elimination with partial pivoting; nil when a pivot is
    /// below 1e-14 of the largest |N_ab| (numerically singular).
    public func inverse() -> [Double]? {
        let k = parameterCount
        var a = matrix
        var inv = Array(repeating: 0.0, count: k * k)
        for i in 0..<k { inv[i * k + i] = 1 }
        let scale = matrix.map(abs).max() ?? 0
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

    /// M v for a row-major K x K matrix M.
    static func product(_ m: [Double], _ v: [Double]) -> [Double] {
        let k = v.count
        var p = Array(repeating: 0.0, count: k)
        for a in 0..<k { for b in 0..<k { p[a] += m[a * k + b] * v[b] } }
        return p
    }

    /// Determinant of a row-major 3 x 3 matrix, expanded along the first row.
    private static func determinant3(_ m: [Double]) -> Double {
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6])
    }
}

/// Weighted linear least squares y ~ sum_k p_k f_k(x) for a handful of parameters, with the
/// parameter covariance and chi^2.
///
/// Minimises chi^2 = sum_i w_i (y_i - sum_k p_k f_k(x_i))^2 through `NormalEquations`. The
/// covariance needs N^-1 anyway, so the parameters are p = N^-1 r from the Gauss-Jordan inverse
/// for every k (not the closed forms of `NormalEquations.solve()`). The parameter covariance is (A^T W A)^-1 when w_i = 1/sigma_i^2 (`weightsAreInverseVariances`),
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
        require(design.count == n, "LinearFit: \(design.count) design rows vs \(n) values")
        guard n > 0, let k = design.first?.count, k > 0, n >= k else { return nil }
        let w = weights ?? Array(repeating: 1, count: n)
        require(w.count == n, "LinearFit: \(w.count) weights vs \(n) values")
        var equations = NormalEquations(parameterCount: k)
        for i in 0..<n { equations.add(design[i], value: values[i], weight: w[i]) }
        guard let inverse = equations.inverse() else { return nil }
        let p = NormalEquations.product(inverse, equations.rhs)
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
}
