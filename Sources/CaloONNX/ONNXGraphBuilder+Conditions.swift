import CaloGAN

extension ONNXGraphBuilder {
    /// Graph inputs of the conditions beyond the energy (nil: the model has no such entry).
    struct ConditionInputs {
        /// PDG code [N, 1] (float32: 11, -11, 22).
        var particle: String?
        /// Polar angle and azimuth [N, 1], radians.
        var theta: String?
        var phi: String?
        /// Impact point [N, 2] (x, y), mm.
        var impact: String?
    }

    /// The condition vector [N, width] of `ConditionEncoding.encode`, in its order and float32
    /// operations: ln E normalised (`energyCondition`), the one-hot (Equal(particle, code) cast
    /// to float), cos theta normalised 2 (cos theta - c_min) / (c_max - c_min) - 1, sin phi and
    /// cos phi, x and y normalised likewise. Also returns the one-hot columns [N, 1] (empty for
    /// one species), which per-species calibrations select with.
    mutating func conditionVector(_ encoding: ConditionEncoding, energy: String,
                                  inputs: ConditionInputs) -> (vector: String, oneHot: [String]) {
        var parts = [energyCondition(energy, encoding.energy)]
        var oneHot = [String]()
        if let species = encoding.particles, let particle = inputs.particle {
            oneHot = species.map { p in
                cast(node("Equal", [particle, constant([Float(p.pdgCode)], shape: [])]), to: .float)
            }
            parts += oneHot
        }
        func normalised(_ x: String, _ range: ConditionEncoding.Range) -> String {
            let shifted = node("Sub", [x, constant([range.minimum], shape: [])])
            let scaled = node("Div", [node("Mul", [constant([2], shape: []), shifted]), constant([range.maximum - range.minimum], shape: [])])
            return node("Sub", [scaled, constant([1], shape: [])])
        }
        if encoding.encodesTheta, let theta = inputs.theta, let cosTheta = encoding.cosTheta {
            parts.append(normalised(node("Cos", [theta]), cosTheta))
        }
        if encoding.encodesPhi, let phi = inputs.phi {
            parts += [node("Sin", [phi]), node("Cos", [phi])]
        }
        if let impact = inputs.impact {
            if encoding.encodesImpactX, let x = encoding.impactXMM { parts.append(normalised(columns(impact, 0..<1), x)) }
            if encoding.encodesImpactY, let y = encoding.impactYMM { parts.append(normalised(columns(impact, 1..<2), y)) }
        }
        return (parts.count == 1 ? parts[0] : node("Concat", parts, [Self.int("axis", 1)]), oneHot)
    }
}
