/// One particle waiting to be (or being) transported: species, kinetic energy (MeV), position (mm),
/// direction and the region index (kept explicit, never inferred from z on a plane; docs/physics.md §12.2).
struct Track {
    static let electron: UInt8 = 0
    static let positron: UInt8 = 1
    static let photon: UInt8 = 2

    var kind: UInt8
    var energy: Double
    var x: Double, y: Double, z: Double
    var direction: Direction
    var region: Int
}

/// The LIFO stack of one shower (memory stays bounded, depth ~ log E; docs/physics.md §12.2).
struct ParticleStack {
    private(set) var tracks: ContiguousArray<Track> = []

    init() { tracks.reserveCapacity(256) }

    @inline(__always) mutating func push(_ t: Track) { tracks.append(t) }
    @inline(__always) mutating func pop() -> Track? { tracks.popLast() }
}
