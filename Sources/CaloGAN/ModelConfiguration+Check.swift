import CaloDetector
import Foundation

extension ModelConfiguration {
    /// What contradicts itself in a decoded `model.json`, or nil: hyperparameters out of range,
    /// layer cell counts that are not positive, do not sum to `cellCount` or differ from the
    /// geometry's readout, a condition that contradicts itself (`ConditionEncoding.consistencyProblem`),
    /// or species calibrations for species the model does not know. A hand-edited or
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
        if let problem = condition.consistencyProblem() { return problem }
        if condition.particles != nil, particle != nil {
            return "a model of several species (condition particles) records no single particle"
        }
        if let species = speciesCalibrations {
            guard responseCalibration == nil else { return "a model has either one response calibration or one per species" }
            for s in species {
                guard let p = s.particle, trainedParticles.contains(p) else {
                    return "species calibration for particle code \(s.pdgCode), which the model was not trained on"
                }
                if let problem = s.calibration.check() { return problem }
            }
        }
        return nil
    }

    /// Weights and biases of the generator this configuration describes
    /// (`ConditionalGenerator.layerSizes`), nil beyond Int.max. For a configuration that passed
    /// `consistencyProblem()` (layer cells bounded by the geometry's).
    var generatorParameterCount: Int? {
        guard hyperparameters.latentDimension < Int.max else { return nil }
        let widths = ConditionalGenerator.layerSizes(hyperparameters: hyperparameters, layerCells: layerCells,
                                                    conditionWidth: condition.width)
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
