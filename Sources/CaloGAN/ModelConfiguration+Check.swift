import CaloDetector
import Foundation

extension ModelConfiguration {
    /// What contradicts itself in a decoded `model.json`, or nil: hyperparameters out of range,
    /// layer cell counts that are not positive, do not sum to `cellCount` or differ from the
    /// geometry's readout, or an energy range that is not positive and ordered. A hand-edited or
    /// damaged file fails here, before any network is built from it.
    func consistencyProblem() -> String? {
        do { try hyperparameters.check() } catch { return "\(error)" }
        guard !layerCells.isEmpty, layerCells.allSatisfy({ $0 > 0 }) else {
            return "layerCells must be positive cell counts (got \(layerCells.prefix(8)))"
        }
        let total = layerCells.reduce(Optional(0)) { s, n in s.flatMap { s in
            let (t, overflow) = s.addingReportingOverflow(n)
            return overflow ? nil : t
        } }
        guard total == cellCount else {
            return "layerCells add up to \(total.map(String.init) ?? "more than Int.max"), not cellCount \(cellCount)"
        }
        let geometry: Geometry
        do { geometry = try Geometry(json: geometryJSON) } catch { return "its geometryJSON is invalid: \(error)" }
        guard geometry.cellsPerLayer == layerCells else {
            return "layerCells \(layerCells.prefix(8)) differ from the geometry's readout \(geometry.cellsPerLayer.prefix(8))"
        }
        let (lo, hi) = (condition.minimumMeV, condition.maximumMeV)
        guard lo > 0, lo.isFinite, hi.isFinite, hi >= lo else {
            return "condition needs 0 < minimumMeV <= maximumMeV (got \(lo) and \(hi))"
        }
        return nil
    }

    /// Weights and biases of the generator this configuration describes
    /// (`ConditionalGenerator.layerSizes`), nil beyond Int.max. For a configuration that passed
    /// `consistencyProblem()` (layer cells bounded by the geometry's).
    var generatorParameterCount: Int? {
        guard hyperparameters.latentDimension < Int.max else { return nil }
        let widths = ConditionalGenerator.layerSizes(hyperparameters: hyperparameters, layerCells: layerCells)
        var total = 0
        for (a, b) in zip(widths, widths.dropFirst()) {
            let (w, o1) = a.multipliedReportingOverflow(by: b)
            let (layer, o2) = w.addingReportingOverflow(b)
            let (sum, o3) = total.addingReportingOverflow(layer)
            if o1 || o2 || o3 { return nil }
            total = sum
        }
        return total
    }
}
