import CaloBLAS
import CaloPlot
import CaloSupport
import CaloTensor
import Foundation

/// The sizes of the shapes task: full (the lecture's 10,000 images) or quick (for tests).
struct ShapesSettings {
    var images: Int
    /// Fraction held out for the test.
    var testFraction = 0.2
    var denseEpochs: Int
    var cnnEpochs: Int
    var cnnWidth = 8
    var batchSize = 64
    var denseLearningRate: Float = 5e-4
    var cnnLearningRate: Float = 2e-3

    static func of(quick: Bool) -> ShapesSettings {
        quick ? ShapesSettings(images: 1_000, denseEpochs: 2, cnnEpochs: 12, cnnWidth: 6)
              : ShapesSettings(images: 10_000, denseEpochs: 10, cnnEpochs: 12)
    }
}

/// The data, the split and the shapes CNN (also the judge of the image GAN's samples).
struct ShapesTask {
    let settings: ShapesSettings
    let data: ShapesDataset
    let train: [Int]
    let test: [Int]

    init(settings: ShapesSettings, seed: UInt64, threads: Int) {
        self.settings = settings
        data = ShapesDataset(count: settings.images, seed: seed, threads: threads)
        var g = ExampleStream.shapesSplit.generator(seed: seed, item: 0)
        var order = Array(0..<settings.images)
        order.shuffle(using: &g)
        let held = Int((Double(settings.images) * settings.testFraction).rounded())
        test = Array(order[..<held])
        train = Array(order[held...])
    }

    func trainCNN(seed: UInt64, log: (String) -> Void) -> ImageClassifier {
        let cnn = ImageClassifier.convolutional(width: settings.cnnWidth, seed: seed)
        _ = cnn.train(data, indices: train, epochs: settings.cnnEpochs, batchSize: settings.batchSize,
                      learningRate: settings.cnnLearningRate, seed: seed, log: log)
        return cnn
    }

    /// Test accuracy and the misclassified test images (index, predicted label).
    func evaluate(_ model: ImageClassifier) -> (accuracy: Double, wrong: [(index: Int, predicted: Int)]) {
        let predicted = predictions(model.probabilities(data.rows(test), count: test.count))
        let wrong = zip(test, predicted).filter { data.labels[$0.0] != $0.1.label }.map { ($0.0, $0.1.label) }
        return (1 - Double(wrong.count) / Double(test.count), wrong)
    }
}

/// Sets the engine's threads (OpenBLAS and the elementwise kernels) and loads OpenBLAS.
func prepareEngine(threads: Int) throws {
    try BLAS.load()
    BLAS.threads = threads
    TensorConfiguration.threads = threads
}

extension LectureExamples {
    /// The lecture's qualification task: circles, squares and triangles told apart by the dense
    /// network (788,995 parameters) and by a small CNN (which reached 99.91 % in the lecture).
    static let shapes = LectureExample(
        name: "shapes",
        summary: "circles, squares, triangles: the lecture's dense network and a CNN, test accuracy"
    ) { options, log in
        try prepareEngine(threads: options.threads)
        let start = Date()
        let task = ShapesTask(settings: .of(quick: options.quick), seed: options.seed, threads: options.threads)
        log("\(task.data.count) images: \(task.train.count) for training, \(task.test.count) held out")

        let dense = ImageClassifier.fullyConnected(seed: options.seed)
        precondition(dense.parameterCount == 788_995, "shapes: the lecture's dense network has 788,995 parameters, got \(dense.parameterCount)")
        _ = dense.train(task.data, indices: task.train, epochs: task.settings.denseEpochs, batchSize: task.settings.batchSize,
                        learningRate: task.settings.denseLearningRate, seed: options.seed, log: log)
        let denseResult = task.evaluate(dense)
        log("dense test accuracy \(denseResult.accuracy)")
        let cnn = task.trainCNN(seed: options.seed, log: log)
        let cnnResult = task.evaluate(cnn)
        log("CNN test accuracy \(cnnResult.accuracy)")

        var report = ExampleReport(figures: [
            ("images", Double(task.data.count)), ("testImages", Double(task.test.count)),
            ("fullyConnectedParameters", Double(dense.parameterCount)),
            ("fullyConnectedTestAccuracy", denseResult.accuracy),
            ("fullyConnectedMisclassified", Double(denseResult.wrong.count)),
            ("cnnParameters", Double(cnn.parameterCount)),
            ("cnnTestAccuracy", cnnResult.accuracy),
            ("cnnMisclassified", Double(cnnResult.wrong.count)),
            ("seconds", Date().timeIntervalSince(start)),
        ])
        if let url = options.outputDirectory {
            let folder = try ReportFolder(url)
            for (name, label, wrong) in [("misclassified-cnn.png", "CNN", cnnResult.wrong),
                                         ("misclassified-dense.png", "dense network", denseResult.wrong)] {
                let shown = Array(wrong.prefix(40))
                let grid = ImageGrid(title: "Misclassified by the \(label): \(wrong.count) of \(task.test.count) test images",
                                     images: shown.map { task.data.rows([$0.index]) },
                                     captions: shown.map { "\(ShapeKind(rawValue: task.data.labels[$0.index])!.name) → \(ShapeKind(rawValue: $0.predicted)!.name)" })
                try folder.write(try grid.png(metadata: PlotMetadata(title: grid.title, source: "calosim examples shapes", seed: options.seed)),
                                 name: name)
                report.files.append(name)
            }
            let examples = (0..<20).map { task.test[$0] }
            let sample = ImageGrid(title: "Test images", images: examples.map { task.data.rows([$0]) },
                                   captions: examples.map { ShapeKind(rawValue: task.data.labels[$0])!.name })
            try folder.write(try sample.png(metadata: PlotMetadata(title: "shapes test images", source: "calosim examples shapes",
                                                                   seed: options.seed)), name: "test-images.png")
            report.files.append("test-images.png")
            report.files.append("report.json")
            try folder.write(Data((report.json + "\n").utf8), name: "report.json")
        }
        return report
    }
}
