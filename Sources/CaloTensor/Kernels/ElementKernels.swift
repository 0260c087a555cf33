import Foundation

// The elementwise functions, each on 16 lanes and on one element. exp, log and sigmoid use the
// polynomials of SIMDMath; tanh, softplus and pow call the C library per lane.
// Selections use `replacing(with:where:)` on a float comparison, which compiles to a blend;
// the standard library's `pointwiseMin`/`pointwiseMax` is about 20 times slower here.

/// x * scale + shift.
struct AffineKernel: UnaryKernel {
    let scale: Float, shift: Float
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x * scale + shift }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x * scale + shift }
}

/// x for x >= 0, slope * x otherwise: LeakyReLU (slope 0: ReLU).
struct LeakyReLUKernel: UnaryKernel {
    let slope: Float
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x.replacing(with: x * slope, where: x .< 0) }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x < 0 ? x * slope : x }
}

struct SquareKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x * x }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x * x }
}

struct SqrtKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x.squareRoot() }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x.squareRoot() }
}

struct AbsKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x.replacing(with: -x, where: x .< 0) }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Swift.abs(x) }
}

/// Clamp to [low, high].
struct ClampKernel: UnaryKernel {
    let low: Float, high: Float
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
    }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Swift.min(Swift.max(x, low), high) }
}

/// 1 where low < x < high, else 0 (a constant mask for derivative rules).
struct InsideKernel: UnaryKernel {
    let low: Float, high: Float
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16<Float>(repeating: 0).replacing(with: 1, where: (x .> low) .& (x .< high))
    }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x > low && x < high ? 1 : 0 }
}

/// sign(x): -1, 0 or 1.
struct SignKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16<Float>(repeating: 0).replacing(with: 1, where: x .> 0).replacing(with: -1, where: x .< 0)
    }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// A scalar function applied lane by lane (tanh, softplus, pow: kept at the C library's
/// accuracy over their whole range; none is on the training hot path).
protocol LanewiseKernel: UnaryKernel {}
extension LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { lanewise(x, self) }
}

/// e^x: polynomial on 16 lanes; lanes outside the normal range (or NaN) go to the C library.
struct ExpKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        if any(.!((x .>= -87.3) .& (x .<= 88.7))) { return lanewise(x, self) }
        return SIMDMath.exp(x)
    }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.exp(x) }
}

/// Natural logarithm: polynomial on 16 lanes of normal positive finite values, else the C library.
struct LogKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        if any(.!((x .>= Float.leastNormalMagnitude) .& (x .<= Float.greatestFiniteMagnitude))) { return lanewise(x, self) }
        return SIMDMath.log(x)
    }
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.log(x) }
}

/// 1 / (1 + e^-x) on 16 lanes (e^-x overflowing to infinity gives 0, as it should).
struct SigmoidKernel: UnaryKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        if any(.!((x .>= -87.3) .& (x .<= 87.3))) { return lanewise(x, self) }
        return 1 / (1 + SIMDMath.exp(-x))
    }
    @inline(__always) func callAsFunction(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
}

/// f applied lane by lane through its scalar form.
@inline(__always)
func lanewise<K: UnaryKernel>(_ x: SIMD16<Float>, _ f: K) -> SIMD16<Float> {
    var r = x
    for i in 0..<16 { r[i] = f(x[i]) }
    return r
}

struct TanhKernel: LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.tanh(x) }
}

/// log(1 + e^x) = max(x, 0) + log1p(e^-|x|).
struct SoftplusKernel: LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> Float {
        Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
    }
}

/// x^p for a scalar exponent.
struct PowKernel: LanewiseKernel {
    let exponent: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.pow(x, exponent) }
}

struct AddKernel: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a + b }
    @inline(__always) func callAsFunction(_ a: Float, _ b: Float) -> Float { a + b }
}

struct SubtractKernel: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a - b }
    @inline(__always) func callAsFunction(_ a: Float, _ b: Float) -> Float { a - b }
}

struct MultiplyKernel: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a * b }
    @inline(__always) func callAsFunction(_ a: Float, _ b: Float) -> Float { a * b }
}

struct DivideKernel: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> { a / b }
    @inline(__always) func callAsFunction(_ a: Float, _ b: Float) -> Float { a / b }
}

/// The LeakyReLU derivative applied to an upstream gradient: g where x > 0, slope * g elsewhere.
/// x may be the activation's input or its output (same sign for slope > 0; ReLU's output is 0
/// exactly where its input is <= 0).
struct LeakyReLUGradKernel: BinaryKernel {
    let slope: Float
    @inline(__always) func callAsFunction(_ g: SIMD16<Float>, _ x: SIMD16<Float>) -> SIMD16<Float> {
        (g * slope).replacing(with: g, where: x .> 0)
    }
    @inline(__always) func callAsFunction(_ g: Float, _ x: Float) -> Float { x > 0 ? g : g * slope }
}
