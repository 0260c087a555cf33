/// Settings of the classifier two-sample test.
///
/// The defaults are the CaloChallenge evaluation's classifier (arXiv:2410.21611, its
/// `evaluate.py`): two hidden layers of 512, Adam at 2e-4, batches of 1000, 50 epochs, the epoch
/// of lowest validation loss tested. (A smaller, faster-learning network, 2 x 256 at 5e-4 in
/// batches of 256, overfits within a few epochs and reports lower AUCs: 0.64 against 0.73-0.74
/// for the same samples.)
public struct ClassifierOptions: Sendable, Codable, Equatable {
    /// Hidden layer widths of the MLP.
    public var hiddenUnits: [Int] = [512, 512]
    /// Most training epochs; training stops earlier when the validation loss has not improved
    /// for `patience` epochs, and the network of the best epoch is tested.
    public var epochs = 50
    public var patience = 50
    public var batchSize = 1000
    /// Adam learning rate.
    public var learningRate: Float = 2e-4
    /// Fraction of each sample held out for the test.
    public var testFraction = 0.3
    /// Fraction of the training showers used to choose the epoch (early stopping).
    public var validationFraction = 0.2
    /// Showers per class at most (the rest are not used), to bound the run time; the validation
    /// lowers it further to what `ValidationOptions.showerMemoryBytes` holds.
    public var maxShowersPerClass = 20_000
    /// Seed of the split, initialisation and batch order.
    public var seed: UInt64 = 1
    /// Train on the high-level observables as well as on the cells.
    public var highLevel = true

    public init() {}
}
