import Foundation

/// The cylindrical (r x alpha) cells of a polar readout layer, around the mesh axis.
///
/// The mesh axis is the primary's line of flight through its entry point on the front face (as
/// Geant4 Par04's `Par04DefineMeshModel` and `Par04SensitiveDetector`). A point at transverse
/// offset (u, v) from the axis (mm) has r = sqrt(u^2 + v^2) and alpha = atan2(v, u) in
/// [-pi, pi]; the alpha bins are `alphaBins` equal slices from -pi to pi (bin
/// floor((alpha + pi) / (2 pi / alphaBins)), alpha = pi in the last), as the CaloChallenge's
/// `XMLHandler` and Par04's `(pi + phi) / dphi`. r bins run between consecutive `rEdgesMM`
/// (lower edge included); r below the first or at or beyond the last edge is outside the mesh.
///
/// Cell (alpha bin a, r bin k) is local cell `a * rBins + k` (r fastest), as the CaloChallenge
/// files: `Geometry.Layer` stores `rows = alphaBins`, `cols = rBins`. A layer with a single edge
/// (`r_edges="0"` in a binning XML) has no cells.
public struct PolarBins: Sendable, Equatable, Hashable {
    /// Radial bin edges, mm, strictly increasing, the first >= 0.
    public let rEdgesMM: [Double]
    /// Number of equal alpha bins over [-pi, pi], >= 1.
    public let alphaBins: Int

    /// - Precondition: edges strictly increasing from >= 0, at least one; alphaBins >= 1
    ///   (file input is checked, with messages, by the JSON and XML readers).
    public init(rEdgesMM: [Double], alphaBins: Int) {
        precondition(!rEdgesMM.isEmpty && rEdgesMM[0] >= 0 && alphaBins >= 1, "PolarBins: bad edges or alpha bins")
        precondition(zip(rEdgesMM, rEdgesMM.dropFirst()).allSatisfy { $0 < $1 }, "PolarBins: edges not increasing")
        self.rEdgesMM = rEdgesMM
        self.alphaBins = alphaBins
    }

    /// Number of r bins (edges - 1; 0 for a layer without cells).
    public var rBins: Int { rEdgesMM.count - 1 }
    /// Number of cells, alphaBins x rBins.
    public var cellCount: Int { rBins * alphaBins }
    /// Outer edge of the mesh, mm.
    public var outerRadiusMM: Double { rEdgesMM.last! }
    /// Width of one alpha bin, rad.
    public var alphaWidth: Double { 2 * Double.pi / Double(alphaBins) }

    /// Centre of r bin k (the mid-point of its edges), mm, as `XMLHandler.get_midpoint`.
    public func rCentreMM(_ k: Int) -> Double { 0.5 * (rEdgesMM[k] + rEdgesMM[k + 1]) }
    /// Centre of alpha bin a, rad: -pi + (a + 1/2) 2 pi / alphaBins.
    public func alphaCentre(_ a: Int) -> Double { -Double.pi + (Double(a) + 0.5) * alphaWidth }

    /// The r bin of radius r (mm), or nil outside [first edge, last edge).
    @inlinable
    public func rBin(_ r: Double) -> Int? {
        guard rEdgesMM.count > 1, r >= rEdgesMM[0], r < rEdgesMM[rEdgesMM.count - 1] else { return nil }
        var lo = 0, hi = rEdgesMM.count - 2
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if rEdgesMM[mid] <= r { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The alpha bin of the offset (u, v): floor((atan2(v, u) + pi) / width), clamped to the last bin.
    @inlinable
    public func alphaBin(u: Double, v: Double) -> Int {
        if alphaBins == 1 { return 0 }
        let a = Int((atan2(v, u) + Double.pi) * (Double(alphaBins) / (2 * Double.pi)))
        return min(max(a, 0), alphaBins - 1)
    }

    /// (alpha bin, r bin) of the point at transverse offset (u, v) mm from the axis, or nil
    /// outside the mesh (the layer's overflow).
    @inlinable
    public func cell(u: Double, v: Double) -> (alpha: Int, r: Int)? {
        guard let k = rBin((u * u + v * v).squareRoot()) else { return nil }
        return (alphaBin(u: u, v: v), k)
    }

    /// The cell centre's transverse offset from the axis, mm: (r cos alpha, r sin alpha) at the
    /// bin centres (the CaloChallenge's eta = x and phi = y of a voxel).
    public func centre(alpha a: Int, r k: Int) -> (uMM: Double, vMM: Double) {
        let r = rCentreMM(k), al = alphaCentre(a)
        return (r * cos(al), r * sin(al))
    }

    /// Area of a cell, mm^2: (r1^2 - r0^2) / 2 x alpha width.
    public func areaMM2(r k: Int) -> Double {
        0.5 * (rEdgesMM[k + 1] * rEdgesMM[k + 1] - rEdgesMM[k] * rEdgesMM[k]) * alphaWidth
    }
}
