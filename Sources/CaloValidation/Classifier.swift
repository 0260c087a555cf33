import CaloData
import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// Classifier two-sample test (CaloChallenge, arXiv:2410.21611 section 4.2): an MLP learns to
/// tell generated from reference showers; its AUC on held-out showers measures how far apart
/// the samples are (0.5 = indistinguishable, 1 = always told apart).
///
/// Each class contributes the same number of showers; a seeded shuffle splits them into a
/// training part and a held-out test part, and the network (CaloNN MLP, LeakyReLU 0.2, Adam)
/// minimises the binary cross-entropy softplus(z) - y z on the training part. Layers start from
/// PyTorch's default initialisation, as the CaloChallenge classifier does: He-normal weights
/// made the same network report AUC 0.65-0.68 where PyTorch's gave 0.68-0.74 (measured on the same 10,000 vs 10,000 showers).
public enum ClassifierTest {
    /// Runs the low-level test, and the high-level one when `options.highLevel`.
    /// `referenceObservables[k][shower]` (and the generated ones) for every shower of its sample.
    /// Only the showers of the test (`options.maxShowersPerClass` per class at most) are read.
    /// `columns`: the conditions each row ends with besides log10 E_inc (none: the energy alone;
    /// `ClassifierConditions(reference:)`: every condition the reference varies in).
    public static func run(reference: any ValidationSample, generated: any ValidationSample, referenceObservables: [[Float]],
                           generatedObservables: [[Float]], options: ClassifierOptions, threads: Int,
                           columns: ClassifierConditions = ClassifierConditions(),
                           log: (String) -> Void = { _ in }) throws -> [ClassifierResult] {
        try run(reference: Class(sample: reference, rows: Array(0..<reference.count), observables: referenceObservables),
                generated: Class(sample: generated, rows: Array(0..<generated.count), observables: generatedObservables),
                options: options, threads: threads, columns: columns, log: log)
    }

    /// The showers `rows` of a sample as one class of the test; `observables[k][shower]` over
    /// the whole sample.
    struct Class {
        var sample: any ValidationSample
        var rows: [Int]
        var observables: [[Float]]
    }

    /// The test of class 0 (`reference`) against class 1 (`generated`): a seeded shuffle of each
    /// class's rows (`StreamDomain.classifierSplit`) picks its showers, whatever the chunk size.
    /// Only the chosen showers of each class are read (so a class of one species reads no other).
    static func run(reference: Class, generated: Class, options: ClassifierOptions, threads: Int,
                    columns: ClassifierConditions, log: (String) -> Void) throws -> [ClassifierResult] {
        try run(reference: reference, generated: generated, scoring: nil, options: options, threads: threads, columns: columns,
                log: log).map(\.result)
    }

    /// The same test, and with `other` the trained classifier (the network and the
    /// standardisation of each feature set) also scores other showers: up to as many per class as
    /// the test chose (`other.0` labelled 0, `other.1` 1), never seen in training. That is how a
    /// difference learnt on one sample is measured on another (`SpeciesSeparation`).
    static func run(reference: Class, generated: Class, scoring other: (Class, Class)?, options: ClassifierOptions, threads: Int,
                    columns: ClassifierConditions, log: (String) -> Void) throws -> [(result: ClassifierResult, other: ClassifierResult?)] {
        let perClass = min(reference.rows.count, generated.rows.count, options.maxShowersPerClass)
        let testCount = Int((Double(perClass) * options.testFraction).rounded())
        let trainCount = perClass - testCount
        guard trainCount >= 10, testCount >= 10 else {
            log("classifier: skipped, \(perClass) showers per class are too few")
            return []
        }
        var rng = StreamDomain.classifierSplit.generator(key: options.seed, index: 0)
        func order(_ c: Class, _ n: Int) -> [Int] { Array(0..<c.rows.count).shuffled(using: &rng).prefix(n).map { c.rows[$0] } }
        let refOrder = order(reference, perClass), genOrder = order(generated, perClass)
        let split = Split(perClass: perClass, trainCount: trainCount)
        // The chosen showers, row p of each batch the p-th of its order.
        let refShowers = try reference.sample.readShowers(at: refOrder)
        let genShowers = try generated.sample.readShowers(at: genOrder)
        // The other showers: as many per class as the test chose, or all there are.
        let others = try other.map { pair -> [(c: Class, order: [Int], showers: ShowerBatch)] in
            let n = min(perClass, pair.0.rows.count, pair.1.rows.count)
            return try [pair.0, pair.1].map { c in
                let o = order(c, n)
                return (c, o, try c.sample.readShowers(at: o))
            }
        }

        var results = [(result: ClassifierResult, other: ClassifierResult?)]()
        let names = columns.names
        func scoreOthers(_ trained: Trained, _ rows: (Class, [Int], ShowerBatch) -> ClassifierFeatures) -> ClassifierResult? {
            guard let others else { return nil }
            return trained.evaluate(class0: rows(others[0].c, others[0].order, others[0].showers),
                                    class1: rows(others[1].c, others[1].order, others[1].showers))
        }
        let low = { (s: ShowerBatch, p: Range<Int>) in ClassifierFeatures.lowLevel(s, indices: Array(p), columns: columns) }
        let lowTrained = train(name: "low-level", conditionColumns: names, split: split, options: options, log: log,
                               referenceRows: { low(refShowers, $0) }, generatedRows: { low(genShowers, $0) })
        results.append((lowTrained.result, scoreOthers(lowTrained) { _, order, showers in low(showers, 0..<order.count) }))
        if options.highLevel {
            // Row p of a batch holds the conditions of the p-th shower of its order.
            let high = { (c: Class, order: [Int], showers: ShowerBatch, p: Range<Int>) in
                ClassifierFeatures.highLevel(c.observables, energies: c.sample.incidentEnergiesMeV, indices: p.map { order[$0] },
                                             conditions: columns.count > 0 ? p.map(showers.conditions) : [], columns: columns)
            }
            let highTrained = train(name: "high-level", conditionColumns: names, split: split, options: options, log: log,
                                    referenceRows: { high(reference, refOrder, refShowers, $0) },
                                    generatedRows: { high(generated, genOrder, genShowers, $0) })
            results.append((highTrained.result, scoreOthers(highTrained) { c, order, showers in high(c, order, showers, 0..<order.count) }))
        }
        return results
    }

    /// A trained classifier: its network, the standardisation of its inputs, and its test.
    struct Trained {
        var model: Sequential
        var mean: [Float]
        var scale: [Float]
        var result: ClassifierResult

        /// The AUC with which the network tells `class0` (label 0) from `class1` (label 1),
        /// standardised as its training rows were.
        func evaluate(class0: ClassifierFeatures, class1: ClassifierFeatures) -> ClassifierResult {
            var a = class0, b = class1
            a.standardise(mean: mean, scale: scale)
            b.standardise(mean: mean, scale: scale)
            let labels = [Bool](repeating: false, count: a.rows) + [Bool](repeating: true, count: b.rows)
            let scores = withoutGradients { score(model, a.values + b.values, width: a.width) }
            let roc = ROCCurve(scores: scores, labels: labels)
            var r = result
            r.auc = roc.auc
            r.aucError = ROCCurve.aucError(auc: roc.auc, positives: b.rows, negatives: a.rows)
            r.roc = roc
            r.testCount = a.rows
            r.testLoss = crossEntropy(scores, labels)
            return r
        }
    }

    /// Positions in each class's shuffled order: the first `trainCount` train, the rest test.
    struct Split {
        var perClass: Int
        var trainCount: Int
        var train: Range<Int> { 0..<trainCount }
        var test: Range<Int> { trainCount..<perClass }
    }

    static func train(name: String, conditionColumns: [String], split: Split, options: ClassifierOptions, log: (String) -> Void,
                      referenceRows: (Range<Int>) -> ClassifierFeatures,
                      generatedRows: (Range<Int>) -> ClassifierFeatures) -> Trained {
        let start = Date()
        var refTrain = referenceRows(split.train), genTrain = generatedRows(split.train)
        var refTest = referenceRows(split.test), genTest = generatedRows(split.test)
        let (mean, scale) = ClassifierFeatures.standardisation([refTrain, genTrain])
        refTrain.standardise(mean: mean, scale: scale)
        genTrain.standardise(mean: mean, scale: scale)
        refTest.standardise(mean: mean, scale: scale)
        genTest.standardise(mean: mean, scale: scale)
        let width = refTrain.width

        // Training rows of both classes, labels 0 (reference) and 1 (generated); the last
        // `validationFraction` of each class chooses the epoch.
        let validationRows = Int(Double(refTrain.rows) * options.validationFraction)
        let fitRows = refTrain.rows - validationRows
        let fitEnd: Int = fitRows * width
        let train: [Float] = Array(refTrain.values[0..<fitEnd]) + Array(genTrain.values[0..<fitEnd])
        let labels = [Float](repeating: 0, count: fitRows) + [Float](repeating: 1, count: fitRows)
        let validation: [Float] = Array(refTrain.values[fitEnd...]) + Array(genTrain.values[fitEnd...])
        let validationLabels = [Bool](repeating: false, count: validationRows) + [Bool](repeating: true, count: validationRows)
        let n = labels.count

        let model = Sequential.mlp(MLPConfig(sizes: [width] + options.hiddenUnits + [1], initialization: .lecunUniform),
                                   seed: options.seed)
        let adam = Adam(parameters: model.parameters, learningRate: options.learningRate)
        var rng = StreamDomain.classifierBatches.generator(key: options.seed, index: 0)
        let batch = min(options.batchSize, n)
        var best = (loss: Double.infinity, epoch: 0, weights: model.parameterValues.map(\.scalars))
        var epochsRun = 0
        for epoch in 0..<options.epochs {
            let order = Array(0..<n).shuffled(using: &rng)
            var epochLoss = 0.0, batches = 0
            var lo = 0
            while lo + batch <= n {
                var x = [Float](repeating: 0, count: batch * width), y = [Float](repeating: 0, count: batch)
                for b in 0..<batch {
                    let row = order[lo + b]
                    for c in 0..<width { x[b * width + c] = train[row * width + c] }
                    y[b] = labels[row]
                }
                let z = model(Tensor(shape: [batch, width], scalars: x))
                let target = Tensor(shape: [batch, 1], scalars: y)
                let loss = (z.softplus() - target * z).mean()
                adam.step(gradients(of: loss, wrt: model.parameterValues))
                epochLoss += Double(loss.scalar)
                batches += 1
                lo += batch
            }
            epochsRun = epoch + 1
            let validationLoss = validationRows > 0
                ? crossEntropy(withoutGradients { score(model, validation, width: width) }, validationLabels)
                : epochLoss / Double(max(batches, 1))
            if validationLoss < best.loss {
                best = (validationLoss, epoch, model.parameterValues.map(\.scalars))
            }
            if epoch % 5 == 0 || epoch - best.epoch >= options.patience {
                log(String(format: "classifier %@: epoch %d, training loss %.4f, validation loss %.4f (best %.4f at epoch %d)",
                           name, epoch + 1, epochLoss / Double(max(batches, 1)), validationLoss, best.loss, best.epoch + 1))
            }
            if epoch - best.epoch >= options.patience { break }
        }
        for (p, w) in zip(model.parameters, best.weights) { p.assign(Tensor(shape: p.shape, scalars: w)) }

        // Held-out scores.
        let testValues = refTest.values + genTest.values
        let testLabels = [Bool](repeating: false, count: refTest.rows) + [Bool](repeating: true, count: genTest.rows)
        let scores = withoutGradients { score(model, testValues, width: width) }
        let testLoss = crossEntropy(scores, testLabels)
        let roc = ROCCurve(scores: scores, labels: testLabels)
        let result = ClassifierResult(features: name, featureCount: width, conditionColumns: conditionColumns, auc: roc.auc,
                                      aucError: ROCCurve.aucError(auc: roc.auc, positives: genTest.rows, negatives: refTest.rows),
                                      roc: roc, trainCount: refTrain.rows, testCount: refTest.rows, epochs: epochsRun,
                                      bestEpoch: best.epoch + 1,
                                      testLoss: testLoss, seconds: Date().timeIntervalSince(start))
        log(String(format: "classifier %@: AUC %.3f +- %.3f on %d + %d held-out showers (%.1f s)", name, result.auc,
                   result.aucError, refTest.rows, genTest.rows, result.seconds))
        return Trained(model: model, mean: mean, scale: scale, result: result)
    }

    /// Mean binary cross-entropy softplus(z) - y z of logits with labels (true = generated).
    static func crossEntropy(_ logits: [Float], _ labels: [Bool]) -> Double {
        var total = 0.0
        for (z, isGenerated) in zip(logits, labels) {
            let zd = Double(z)
            let softplus = zd > 30 ? zd : Foundation.log1p(Foundation.exp(zd))
            total += softplus - (isGenerated ? zd : 0)
        }
        return total / Double(max(logits.count, 1))
    }

    /// The network's logits for row-major inputs, in batches.
    static func score(_ model: Sequential, _ values: [Float], width: Int) -> [Float] {
        let rows = values.count / width
        var out = [Float]()
        out.reserveCapacity(rows)
        var lo = 0
        while lo < rows {
            let n = min(4096, rows - lo)
            let x = Tensor(shape: [n, width], scalars: Array(values[lo * width..<(lo + n) * width]))
            out += model(x).scalars
            lo += n
        }
        return out
    }
}
