/// Settings of the classifier two-sample test.
public struct ClassifierOptions: Sendable, Codable, Equatable {
    /// Hidden layer widths of the MLP.
    public var hiddenUnits: [Int] = [256, 256]
    /// Most training epochs; training stops earlier when the validation loss has not improved
    /// for `patience` epochs, and the network of the best epoch is tested.
    public var epochs = 50
    public var patience = 5
    public var batchSize = 256
    /// Adam learning rate.
    public var learningRate: Float = 5e-4
    /// Fraction of each sample held out for the test.
    public var testFraction = 0.3
    /// Fraction of the training showers used to choose the epoch (early stopping).
    public var validationFraction = 0.2
    /// Showers per class at most (the rest are not used), to bound the run time.
    public var maxShowersPerClass = 20_000
    /// Seed of the split, initialisation and batch order.
    public var seed: UInt64 = 1
    /// Train on the high-level observables as well as on the cells.
    public var highLevel = true

    public init() {}
}
