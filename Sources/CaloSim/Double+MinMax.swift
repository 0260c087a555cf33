/// `Swift.min` and `Swift.max` for two Doubles, always inlined. The generic functions were left as
/// out-of-line calls in the (large) stepping loops; these are their exact definitions
/// (`y < x ? y : x` and `y >= x ? y : x`), so results are identical, NaN and signed zeros included.
@inline(__always)
func smaller(_ x: Double, _ y: Double) -> Double { y < x ? y : x }

/// See `smaller(_:_:)`.
@inline(__always)
func larger(_ x: Double, _ y: Double) -> Double { y >= x ? y : x }
