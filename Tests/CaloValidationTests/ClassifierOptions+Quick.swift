@testable import CaloValidation

extension ClassifierOptions {
    /// A small classifier that trains in seconds in a debug build: one hidden layer of 32, batch
    /// 64, learning rate 2e-3, 40 % of the showers held out for the AUC.
    static func quick(epochs: Int) -> ClassifierOptions {
        var o = ClassifierOptions()
        o.hiddenUnits = [32]
        o.epochs = epochs
        o.batchSize = 64
        o.learningRate = 2e-3
        o.testFraction = 0.4
        return o
    }
}
