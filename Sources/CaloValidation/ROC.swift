import CaloSupport

/// Receiver operating characteristic of a two-sample classifier: how well its scores separate
/// class 1 (generated) from class 0 (reference).
public struct ROCCurve: Sendable, Codable, Equatable {
    /// False-positive rates (reference called generated), from 0 to 1.
    public var falsePositiveRate: [Double]
    /// True-positive rates (generated called generated), from 0 to 1.
    public var truePositiveRate: [Double]
    /// Area under the curve: the probability that a random generated shower scores higher than
    /// a random reference shower (ties count one half). 0.5 = indistinguishable.
    public var auc: Double

    /// The curve of `scores` with labels (true = generated), thinned to at most `maxPoints`.
    public init(scores: [Float], labels: [Bool], maxPoints: Int = 200) {
        require(scores.count == labels.count, "ROCCurve: \(scores.count) scores, \(labels.count) labels")
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = Double(labels.filter { $0 }.count), negatives = Double(labels.count) - positives
        var fpr: [Double] = [0], tpr: [Double] = [0]
        var tp = 0.0, fp = 0.0, area = 0.0
        var i = 0
        while i < order.count {
            // Showers with equal scores move the curve together (a diagonal step).
            let s = scores[order[i]]
            var dtp = 0.0, dfp = 0.0
            while i < order.count && scores[order[i]] == s {
                if labels[order[i]] { dtp += 1 } else { dfp += 1 }
                i += 1
            }
            area += dfp * (tp + 0.5 * dtp)
            tp += dtp
            fp += dfp
            fpr.append(negatives > 0 ? fp / negatives : 0)
            tpr.append(positives > 0 ? tp / positives : 0)
        }
        auc = positives > 0 && negatives > 0 ? area / (positives * negatives) : .nan
        if fpr.count > maxPoints {
            let stride = Double(fpr.count - 1) / Double(maxPoints - 1)
            let keep = (0..<maxPoints).map { Int((Double($0) * stride).rounded()) }
            fpr = keep.map { fpr[$0] }
            tpr = keep.map { tpr[$0] }
        }
        falsePositiveRate = fpr
        truePositiveRate = tpr
    }

    /// Statistical error of the AUC (Hanley and McNeil 1982) for `positives` and `negatives` test showers.
    public static func aucError(auc a: Double, positives: Int, negatives: Int) -> Double {
        let q1 = a / (2 - a), q2 = 2 * a * a / (1 + a)
        let np = Double(positives), nn = Double(negatives)
        let v = (a * (1 - a) + (np - 1) * (q1 - a * a) + (nn - 1) * (q2 - a * a)) / (np * nn)
        return max(0, v).squareRoot()
    }
}

/// The result of one classifier two-sample test.
public struct ClassifierResult: Sendable, Codable {
    /// "low-level" (cell energies) or "high-level" (observables).
    public var features: String
    /// Inputs per shower, condition columns included.
    public var featureCount: Int
    /// The condition columns each input row ends with besides log10 E_inc
    /// (`ClassifierConditions.names`); empty: conditioned on the energy alone.
    public var conditionColumns: [String]
    public var auc: Double
    /// Statistical error of the AUC.
    public var aucError: Double
    public var roc: ROCCurve
    /// Showers per class used for training and for the held-out test.
    public var trainCount: Int
    public var testCount: Int
    /// Epochs trained, and the one whose network was tested (lowest validation loss).
    public var epochs: Int
    public var bestEpoch: Int
    /// Cross-entropy on the test split after training (ln 2 = no separation).
    public var testLoss: Double
    public var seconds: Double
}

extension ClassifierResult {
    enum CodingKeys: String, CodingKey {
        case features, featureCount, conditionColumns, auc, aucError, roc, trainCount, testCount, epochs, bestEpoch, testLoss, seconds
    }

    /// Reads a result; one written before the condition columns existed has none (it was
    /// conditioned on the energy alone).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        features = try c.decode(String.self, forKey: .features)
        featureCount = try c.decode(Int.self, forKey: .featureCount)
        conditionColumns = try c.decodeIfPresent([String].self, forKey: .conditionColumns) ?? []
        auc = try c.decode(Double.self, forKey: .auc)
        aucError = try c.decode(Double.self, forKey: .aucError)
        roc = try c.decode(ROCCurve.self, forKey: .roc)
        trainCount = try c.decode(Int.self, forKey: .trainCount)
        testCount = try c.decode(Int.self, forKey: .testCount)
        epochs = try c.decode(Int.self, forKey: .epochs)
        bestEpoch = try c.decode(Int.self, forKey: .bestEpoch)
        testLoss = try c.decode(Double.self, forKey: .testLoss)
        seconds = try c.decode(Double.self, forKey: .seconds)
    }
}
