import CaloData
import CaloDetector
import Foundation

/// The condition columns appended to every row of the classifier two-sample test, after
/// log10(E_inc / MeV): what the reference varies in besides the energy, so that the classifier
/// judges each shower against the showers of its own conditions. Without them a generator that
/// puts the showers of one angle or impact point where those of another belong passes as long as
/// the mixture over all conditions matches; with them the classifier can learn the dependence.
///
/// Columns, in this order, each only where the reference varies in it (spread max - min above
/// `minimumSpread`, in the quantity's own unit):
/// 1. a species one-hot (1 for the shower's species, 0 for the others; a species the reference
///    lacks, or an unrecorded one, is all zeros), where the reference holds several species;
/// 2. cos theta, where theta varies (radians);
/// 3. (sin phi, cos phi), continuous across phi = +-pi, where phi varies and the reference is
///    inclined (some theta above `minimumSpread`): at normal incidence phi has no meaning, and a
///    sample may record any value there; at a fixed inclination phi turns the shower's lateral
///    shape, so the pair is kept with or without a varying theta;
/// 4. impact x and impact y (mm), each where it varies.
///
/// These are the entries of the generator's condition vector (CaloGAN `ConditionEncoding`),
/// unnormalised: every column is standardised over the training rows anyway. A reference at one
/// condition gives no columns, and the test is the energy-conditioned one it was.
///
/// A column is chosen from the reference alone. The generated showers are meant to be produced
/// at the reference's conditions; if their conditions are distributed differently, the
/// classifier can tell the samples apart by the condition columns alone, and rightly fails them.
public struct ClassifierConditions: Sendable, Equatable {
    /// One column.
    public enum Column: Sendable, Equatable {
        /// 1 for showers of this species, 0 otherwise.
        case species(Particle)
        case cosTheta
        case sinPhi
        case cosPhi
        /// Impact point on the front face, mm.
        case impactX
        case impactY

        /// The name the report lists: "species e-", "cos theta", "impact x [mm]".
        public var name: String {
            switch self {
            case .species(let p): return "species \(p.name)"
            case .cosTheta: return "cos theta"
            case .sinPhi: return "sin phi"
            case .cosPhi: return "cos phi"
            case .impactX: return "impact x [mm]"
            case .impactY: return "impact y [mm]"
            }
        }

        /// The column's value for a shower of conditions `c`.
        public func value(_ c: ShowerConditions) -> Float {
            switch self {
            case .species(let p): return c.particle == p ? 1 : 0
            case .cosTheta: return cos(c.thetaRadians)
            case .sinPhi: return sin(c.phiRadians)
            case .cosPhi: return cos(c.phiRadians)
            case .impactX: return c.impactXMM
            case .impactY: return c.impactYMM
            }
        }

        var isSpecies: Bool {
            if case .species = self { return true }
            return false
        }
    }

    /// The columns, in row order.
    public var columns: [Column]

    /// Smallest spread (max - min over the reference) of a quantity that makes it a column: 1e-6
    /// (rad for theta and phi, mm for the impact point; float32 noise on a constant is below it).
    public static let minimumSpread: Float = 1e-6

    /// The given columns; none (the default) is the test conditioned on the energy alone.
    public init(columns: [Column] = []) {
        self.columns = columns
    }

    /// The columns in which `reference` varies (see the type's description).
    public init(reference: any ValidationSample) {
        let conditions = reference.conditions
        func spread(_ values: some Sequence<Float>) -> Float {
            var lo = Float.infinity, hi = -Float.infinity
            for v in values { lo = min(lo, v); hi = max(hi, v) }
            return hi >= lo ? hi - lo : 0
        }
        var columns = [Column]()
        let species = Set(conditions.compactMap(\.particle)).sorted { $0.pdgCode < $1.pdgCode }
        if species.count > 1 { columns += species.map(Column.species) }
        if spread(conditions.lazy.map(\.thetaRadians)) > Self.minimumSpread { columns.append(.cosTheta) }
        let inclined = conditions.contains { $0.thetaRadians > Self.minimumSpread }
        if inclined, spread(conditions.lazy.map(\.phiRadians)) > Self.minimumSpread { columns += [.sinPhi, .cosPhi] }
        if spread(conditions.lazy.map(\.impactXMM)) > Self.minimumSpread { columns.append(.impactX) }
        if spread(conditions.lazy.map(\.impactYMM)) > Self.minimumSpread { columns.append(.impactY) }
        self.init(columns: columns)
    }

    /// Number of columns.
    public var count: Int { columns.count }
    /// Their names, in row order.
    public var names: [String] { columns.map(\.name) }
    /// The direction and impact columns without the species one-hot: the conditions of a test
    /// within one species, or of one species against another.
    public var arrival: ClassifierConditions { ClassifierConditions(columns: columns.filter { !$0.isSpecies }) }

    /// Writes the columns of `c` into `row[offset..<offset + count]`.
    func write(_ c: ShowerConditions, into row: inout [Float], at offset: Int) {
        for (k, column) in columns.enumerated() { row[offset + k] = column.value(c) }
    }
}
