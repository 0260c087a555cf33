extension Geometry {
    /// Half-sizes (x, y) in mm of the part of the front face a shower may enter through and
    /// still be read out: inside the stack and inside every Cartesian layer's cell grid (centred
    /// on x = y = 0). Polar layers follow the entry point (Par04's mesh), so they do not bound it.
    /// An impact point (x, y) is accepted for |x| < x-half-size and |y| < y-half-size.
    ///
    /// calogan: 240 x 240 (its grids are 480 mm square, its stack 1000 mm); par04-ds2: 1000 x 1000.
    public var impactHalfSizeMM: (x: Double, y: Double) {
        var (x, y) = (widthMM / 2, heightMM / 2)
        for layer in layers where layer.polar == nil && layer.cellCount > 0 {
            x = min(x, layer.gridWidthMM / 2)
            y = min(y, layer.gridHeightMM / 2)
        }
        return (x, y)
    }
}
