/// What a pass/fail check of the validation report tests; the raw value is the stable name
/// written as `"check"` in metrics.json (docs/physics.md §15 gives the physics of each limit).
public enum ValidationCheckID: String, Sendable, Codable, CaseIterable {
    /// Separation power of one observable's histogram (`Thresholds.separationPowerStrict` or
    /// `separationPower`, by the observable's grade).
    case separationPower = "separation-power"
    /// |generated/reference - 1| of the response <E_tot/E_inc> in one energy bin.
    case response = "response"
    /// |generated/reference - 1| of the relative resolution in one energy bin.
    case resolution = "resolution"
    /// |generated/reference - 1| of the core resolution (interquartile range / 1.349 / median) in
    /// one energy bin (`Thresholds.coreResolutionDeviation`).
    case coreResolution = "core-resolution"
    /// AUC of the classifier two-sample test.
    case classifierAUC = "classifier-auc"
    /// 1 - (generated coverage) / (reference-against-itself coverage), k-NN coverage of
    /// `CoverageComparison` (`Thresholds.coverageShortfall`).
    case coverage = "coverage"
    /// |AUC_gen - AUC_ref| of the e-/photon classifier (`SpeciesSeparation`,
    /// `Thresholds.speciesAUCDifference`).
    case speciesSeparation = "species-separation"
    /// |p_gen / p_ref - 1| of a centroid's slope on the impact point or direction
    /// (`ArrivalResponse`, `Thresholds.arrivalSlopeDeviation`).
    case arrivalResponse = "arrival-response"
}

/// One pass/fail check of the report.
public struct ValidationCheck: Sendable, Codable {
    /// What is checked.
    public var check: ValidationCheckID
    /// The quantity and where ("separation power of E_tot / E_inc", "response, E_inc 1-2 GeV").
    public var name: String
    /// The measured value and its limit (the check passes when value <= limit).
    public var value: Double
    public var limit: Double
    public var passed: Bool
    /// Context: the statistical floor, the energy bin.
    public var detail: String
    /// (generated - reference) / combined statistical error, where one is defined.
    public var pull: Double?
    /// The slice of the samples checked (`ValidationSlice.name`); nil: the whole samples.
    public var slice: String?

    public init(check: ValidationCheckID, name: String, value: Double, limit: Double, detail: String = "",
                pull: Double? = nil, slice: String? = nil) {
        self.slice = slice
        self.check = check
        self.name = name
        self.value = value
        self.limit = limit
        self.passed = value <= limit
        self.detail = detail
        self.pull = pull
    }

    enum CodingKeys: String, CodingKey {
        case check, name, value, limit, passed, detail, pull, slice
    }

    /// Reads a check; reports written before checks carried their `check` name get it from the
    /// start of `name`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        value = try c.decode(Double.self, forKey: .value)
        limit = try c.decode(Double.self, forKey: .limit)
        passed = try c.decode(Bool.self, forKey: .passed)
        detail = try c.decode(String.self, forKey: .detail)
        pull = try c.decodeIfPresent(Double.self, forKey: .pull)
        slice = try c.decodeIfPresent(String.self, forKey: .slice)
        if let id = try c.decodeIfPresent(ValidationCheckID.self, forKey: .check) {
            check = id
        } else if let id = ValidationCheck.inferredID(name: name) {
            check = id
        } else {
            throw DecodingError.dataCorruptedError(forKey: .check, in: c,
                                                   debugDescription: "check '\(name)' has no \"check\" name")
        }
    }

    /// The check of a name written by `Validator.makeChecks` ("separation power of ...",
    /// "response, ...", "resolution, ...", "classifier AUC, ...").
    static func inferredID(name: String) -> ValidationCheckID? {
        let prefixes: [(String, ValidationCheckID)] = [("separation power", .separationPower), ("response", .response),
                                                       ("resolution", .resolution), ("classifier AUC", .classifierAUC),
                                                       ("coverage", .coverage)]
        return prefixes.first { name.hasPrefix($0.0) }?.1
    }
}
