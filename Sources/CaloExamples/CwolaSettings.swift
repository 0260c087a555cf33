import CaloNN

/// Settings of classification without labels on calorimeter showers.
public struct CwolaSettings: Sendable, Equatable {
    /// A shipped geometry name or a JSON file (`Geometry.resolve`) with one cell per layer and
    /// at least 24 layers (the features are those of the longitudinal profile).
    public var geometry = "profile"
    /// Incident energies, uniform in this range, MeV.
    public var energyRangeMeV: ClosedRange<Double> = 200...500
    /// Training showers per particle: `trainPerParticle` e- and as many photons are dealt into
    /// the two mixtures of `trainPerParticle` showers each.
    public var trainPerParticle = 8000
    /// Labelled test showers per particle.
    public var testPerParticle = 1500
    /// The fraction f of e- in mixture 1; mixture 2 holds 1 - f (never shown to the
    /// classifiers, except as the bag fractions of learning from label proportions).
    public var fraction = 0.7
    /// The last fraction of each mixture's shuffled showers chooses the epoch.
    public var validationFraction = 0.2
    /// Hidden layers of all three classifiers (supervised, CWoLa, label proportions).
    public var hidden: [Int] = [32, 32]
    public var activation: Activation = .leakyReLU(slope: 0.2)
    /// The supervised and CWoLa classifiers' training.
    public var training = BinaryTraining(epochs: 200, batchSize: 32, learningRate: 1e-3, patience: 40)
    /// Learning from label proportions: batches of one mixture each.
    public var proportionTraining = BinaryTraining(epochs: 80, batchSize: 64, learningRate: 1e-3, patience: 20)
    /// Bootstrap replicas of the test showers for the error of the AUC difference.
    public var bootstrapReplicas = 200

    public init() {}

    /// Sizes for `--quick` (about 5 s in a release build): fewer, lower-energy showers and
    /// shorter training.
    public static var quick: CwolaSettings {
        var s = CwolaSettings()
        s.energyRangeMeV = 100...200
        s.trainPerParticle = 3000
        s.testPerParticle = 500
        s.training.epochs = 40
        s.training.patience = 10
        s.proportionTraining.epochs = 40
        s.proportionTraining.patience = 10
        s.bootstrapReplicas = 100
        return s
    }
}
