/// Showers as plain arrays: what the validation library reads.
///
/// The same layout as `CaloData.ShowerBatch`: `cellEnergiesMeV` is row-major
/// `[count, cellCount]` in MeV, cells in the geometry's flattened order.
public struct ValidationSample: Sendable {
    /// Energy of the incident particle of each shower, MeV.
    public var incidentEnergiesMeV: [Float]
    /// Cell energies, row-major `[count, cellCount]`, MeV.
    public var cellEnergiesMeV: [Float]
    /// Cells per shower.
    public let cellCount: Int

    /// Number of showers.
    public var count: Int { incidentEnergiesMeV.count }

    public init(incidentEnergiesMeV: [Float], cellEnergiesMeV: [Float], cellCount: Int) {
        precondition(cellCount > 0, "ValidationSample: cellCount \(cellCount)")
        precondition(cellEnergiesMeV.count == incidentEnergiesMeV.count * cellCount,
                     "ValidationSample: \(cellEnergiesMeV.count) cell values for \(incidentEnergiesMeV.count) showers x \(cellCount) cells")
        self.incidentEnergiesMeV = incidentEnergiesMeV
        self.cellEnergiesMeV = cellEnergiesMeV
        self.cellCount = cellCount
    }

    /// The showers in `range` as a new sample.
    public func slice(_ range: Range<Int>) -> ValidationSample {
        ValidationSample(incidentEnergiesMeV: Array(incidentEnergiesMeV[range]),
                     cellEnergiesMeV: Array(cellEnergiesMeV[range.lowerBound * cellCount..<range.upperBound * cellCount]),
                     cellCount: cellCount)
    }
}
