/// One pass/fail check of the report.
public struct ValidationCheck: Sendable, Codable {
    /// What is checked ("separation power of E_tot / E_inc").
    public var name: String
    /// The measured value and its limit (the check passes when value <= limit).
    public var value: Double
    public var limit: Double
    public var passed: Bool
    /// Context: the statistical floor, the energy bin.
    public var detail: String
    /// (generated - reference) / combined statistical error, where one is defined.
    public var pull: Double?

    public init(name: String, value: Double, limit: Double, detail: String = "", pull: Double? = nil) {
        self.name = name
        self.value = value
        self.limit = limit
        self.passed = value <= limit
        self.detail = detail
        self.pull = pull
    }
}
