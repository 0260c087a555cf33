/// Settings of the classifier two-sample test.
public struct ClassifierOptions: Sendable, Codable, Equatable {
    /// Hidden layer widths of the MLP.
    public var hiddenUnits: [Int] = [128, 64]
    public var epochs = 20
    public var batchSize = 256
    /// Adam learning rate.
    public var learningRate: Float = 1e-3
    /// Fraction of each sample held out for the test.
    public var testFraction = 0.3
    /// Showers per class at most (the rest are not used), to bound the run time.
    public var maxShowersPerClass = 20_000
    /// Seed of the split, initialisation and batch order.
    public var seed: UInt64 = 1
    /// Train on the high-level observables as well as on the cells.
    public var highLevel = true

    public init() {}
}
