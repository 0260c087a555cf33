extension Geometry {
    /// The most slabs a geometry may have (`stack.repeat` times the period, or the explicit
    /// slabs). A file asking for more is refused before any slab is made: it is malformed, and
    /// transport would step through every slab.
    public static let maximumSlabs = 100_000

    /// The most readout cells a geometry may have, over all layers. A shower is one Float per
    /// cell in every dataset, network and histogram, so a file asking for more is refused before
    /// anything is allocated.
    public static let maximumCells = 10_000_000
}
