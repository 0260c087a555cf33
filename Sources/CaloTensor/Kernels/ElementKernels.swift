import Foundation

// The elementwise functions, each on 16 lanes and on one element. Transcendental functions call
// the C library per lane (they are off the training hot path, which is matmul and LeakyReLU).
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

/// A scalar function applied lane by lane.
protocol LanewiseKernel: UnaryKernel {}
extension LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var r = x
        for i in 0..<16 { r[i] = self(x[i]) }
        return r
    }
}

struct ExpKernel: LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.exp(x) }
}

struct LogKernel: LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.log(x) }
}

struct TanhKernel: LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Foundation.tanh(x) }
}

/// 1 / (1 + e^-x), without overflow for large |x|.
struct SigmoidKernel: LanewiseKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
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
