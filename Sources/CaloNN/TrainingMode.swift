/// A layer that behaves differently in training and in inference (batch normalisation, dropout).
public protocol TrainingModeLayer: Layer {
    /// True while training (batch statistics, random masks); false for inference.
    var isTraining: Bool { get set }
}

extension Sequential {
    /// Switches every training-mode layer, also inside nested `Sequential`s
    /// (PyTorch's `model.train()` / `model.eval()`).
    public func setTraining(_ training: Bool) {
        for entry in layers {
            if let layer = entry.layer as? any TrainingModeLayer { layer.isTraining = training }
            if let nested = entry.layer as? Sequential { nested.setTraining(training) }
        }
    }
}
