import CaloPlot
import CaloSupport
import CaloTensor
import Foundation

/// The sizes of the image GAN example.
struct DCGANSettings {
    var steps: Int
    var batchSize: Int
    var width: Int
    var noiseSize = 64
    var learningRate: Float = 4e-4
    /// The weight of the auxiliary classifier's loss.
    var classWeight: Float = 2
    /// The decay of the generator weights' moving average the images are drawn with.
    var averageDecay: Float = 0.999
    /// Generated images per batch that re-estimate the averaged generator's batch-norm statistics.
    var statisticsBatchSize: Int
    /// Generated images the shapes CNN judges.
    var judged: Int
    var shapes: ShapesSettings

    static func of(quick: Bool) -> DCGANSettings {
        quick ? DCGANSettings(steps: 20, batchSize: 16, width: 4, statisticsBatchSize: 16, judged: 100, shapes: .of(quick: true))
              : DCGANSettings(steps: 9_000, batchSize: 32, width: 12, statisticsBatchSize: 128, judged: 1_000, shapes: .of(quick: false))
    }

    /// The steps after which a grid of samples is drawn: as the lecture's 2,400 / 8,000 / 19,900
    /// of 19,900 cycles, i.e. 12 %, 40 % and 100 % of the training.
    var snapshots: [Int] { [max(1, steps * 12 / 100), max(1, steps * 40 / 100), steps] }
}

extension LectureExamples {
    /// The lecture's MNIST DCGAN (gan_mw.py), class-conditional, trained on the shapes images and
    /// judged by the shapes CNN: the generator is asked for circles, squares and triangles in
    /// equal numbers; confident verdicts in balanced shares, agreeing with the class asked for,
    /// mean recognisable shapes of every kind.
    static let dcgan = LectureExample(
        name: "dcgan",
        summary: "a class-conditional DCGAN trained on the shapes images, judged by the shapes CNN"
    ) { options, log in
        try prepareEngine(threads: options.threads)
        let start = Date()
        let settings = DCGANSettings.of(quick: options.quick)
        let task = ShapesTask(settings: settings.shapes, seed: options.seed, threads: options.threads)
        log("training the judge: the shapes CNN on \(task.train.count) images")
        let judge = task.trainCNN(seed: options.seed, log: log)
        let judgeAccuracy = task.evaluate(judge).accuracy
        log("judge test accuracy \(judgeAccuracy)")

        let classes = ShapeKind.allCases.count
        let gan = ConditionalImageGAN(noiseSize: settings.noiseSize, classes: classes, width: settings.width,
                                      learningRate: settings.learningRate, classWeight: settings.classWeight,
                                      averageDecay: settings.averageDecay, statisticsBatchSize: settings.statisticsBatchSize,
                                      seed: options.seed)
        var fixed = ExampleStream.ganSamples.generator(seed: options.seed, item: 0)
        let checkNoise = Tensor.normal(shape: [settings.judged, settings.noiseSize], generator: &fixed)
        // The classes asked for: each in turn, so every class is asked for equally often.
        let checkLabels = (0..<settings.judged).map { $0 % classes }
        let shownCount = min(40, settings.judged)
        let gridNoise = checkNoise.sliced(rows: 0..<shownCount), gridLabels = Array(checkLabels[..<shownCount])
        let folder = try options.outputDirectory.map { try ReportFolder($0) }
        var files: [String] = []
        var lastLosses = ConditionalImageGAN.StepLosses(discriminator: 0, classification: 0, generator: 0)
        let side = ShapesDataset.side
        for step in 1...settings.steps {
            var g = ExampleStream.ganStep.generator(seed: options.seed, item: UInt64(step))
            let batch = (0..<settings.batchSize).map { _ in task.train[Int(g.next() % UInt64(task.train.count))] }
            let real = Tensor(shape: [settings.batchSize, 1, side, side], scalars: task.data.rows(batch))
            lastLosses = gan.step(real: real, labels: batch.map { task.data.labels[$0] }, generator: &g)
            if step % 100 == 0 || step == settings.steps {
                log("step \(step)/\(settings.steps): L_D \(String(format: "%.3f", lastLosses.discriminator)), class CE \(String(format: "%.3f", lastLosses.classification)), L_G \(String(format: "%.3f", lastLosses.generator))")
            }
            if let folder, settings.snapshots.contains(step) {
                let images = gan.sample(gridNoise, labels: gridLabels)
                let shown = (0..<images.shape[0]).map { Array(images.sliced(rows: $0..<($0 + 1)).scalars) }
                let judged = predictions(judge.probabilities(images.scalars, count: images.shape[0]))
                let grid = ImageGrid(title: "DCGAN samples after \(step) of \(settings.steps) steps (asked: circle, square, triangle in turn; the shapes CNN's verdict)",
                                     images: shown,
                                     captions: judged.map { "\(ShapeKind(rawValue: $0.label)!.name) \(String(format: "%.2f", $0.confidence))" })
                let name = String(format: "samples-step-%05d.png", step)
                try folder.write(try grid.png(metadata: PlotMetadata(title: grid.title, source: "calosim examples dcgan", seed: options.seed)),
                                 name: name)
                files.append(name)
            }
        }

        let samples = gan.sample(checkNoise, labels: checkLabels)
        let verdicts = predictions(judge.probabilities(samples.scalars, count: settings.judged))
        let confident = Double(verdicts.filter { $0.confidence > 0.9 }.count) / Double(settings.judged)
        let shares = (0..<classes).map { k in Double(verdicts.filter { $0.label == k }.count) / Double(settings.judged) }
        let agreement = Double(zip(verdicts, checkLabels).filter { $0.0.label == $0.1 }.count) / Double(settings.judged)
        log("confident \(confident), shares \(shares), verdict = class asked for: \(agreement)")
        var report = ExampleReport(figures: [
            ("steps", Double(settings.steps)), ("batchSize", Double(settings.batchSize)),
            ("generatorParameters", Double(gan.generator.parameterCount)),
            ("discriminatorParameters", Double(gan.discriminator.parameterCount)),
            ("judgeTestAccuracy", judgeAccuracy), ("judgedImages", Double(settings.judged)),
            ("confidentFraction", confident),
            ("circleShare", shares[0]), ("squareShare", shares[1]), ("triangleShare", shares[2]),
            ("askedClassAgreement", agreement),
            ("finalDiscriminatorLoss", lastLosses.discriminator), ("finalClassLoss", lastLosses.classification),
            ("finalGeneratorLoss", lastLosses.generator),
            ("seconds", Date().timeIntervalSince(start)),
        ], files: files)
        if let folder {
            report.files.append("report.json")
            try folder.write(Data((report.json + "\n").utf8), name: "report.json")
        }
        return report
    }
}
