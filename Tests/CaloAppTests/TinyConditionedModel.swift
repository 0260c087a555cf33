import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// A tiny model of two species (4 iterations of training on synthetic showers), for the tests of
/// generation and export beyond the energy.
enum TinyConditionedModel {
    /// 10 cells: 6 in layer 0, 4 in layer 1.
    static let geometry = """
        { "name": "tiny", "transverse": { "widthMM": 100, "heightMM": 100 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 4 },
          "layers": [ { "zMM": [0, 12], "cells": { "rows": 2, "cols": 3, "heightMM": 20, "widthMM": 20 } },
                      { "zMM": [12, 24], "cells": { "rows": 2, "cols": 2, "heightMM": 20, "widthMM": 20 } } ] }
        """

    /// 120 showers, e- and photons in turn (electrons with twice the energy density in layer 0);
    /// with `arrival`, theta uniform in [0, 30] degrees, phi in [-pi, pi] and impact points in
    /// [-5, 5] mm, else normal incidence through the centre.
    static func showers(arrival: Bool) -> ShowerBatch {
        var rng = Philox(seed: 9, stream: 0)
        var batch = ShowerBatch(cellCount: 10, recordsArrival: arrival)
        for i in 0..<120 {
            let e = Float(1000 + 9000 * rng.uniform())
            let cells = (0..<10).map { c in Float(0.5 + rng.uniform()) * e / 20 * (c < 6 ? (i % 2 == 0 ? 2 : 1) : 1) }
            let theta = arrival ? Float(rng.uniform()) * 30 * .pi / 180 : 0, phi = arrival ? Float(2 * rng.uniform() - 1) * .pi : 0
            let x = arrival ? Float(10 * rng.uniform() - 5) : 0, y = arrival ? Float(10 * rng.uniform() - 5) : 0
            batch.append(cells: cells, conditions: ShowerConditions(particle: i % 2 == 0 ? .electron : .photon, incidentEnergyMeV: e,
                                                                    thetaRadians: theta, phiRadians: phi, impactXMM: x, impactYMM: y))
        }
        return batch
    }

    /// Trains the model into `folder` and returns it.
    static func train(into folder: URL, arrival: Bool) throws -> URL {
        try BLAS.load()
        var h = GANHyperparameters()
        (h.latentDimension, h.generatorHidden, h.criticHidden, h.batchSize, h.iterations, h.checkpointEvery, h.seed) = (4, [16], [16], 8, 4, 4, 3)
        let data = try TrainingData(batch: showers(arrival: arrival), geometry: try Geometry(json: geometry), sourceSeed: 9,
                                    path: "synthetic", transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
        try GANTrainer(data: data, dataPath: "synthetic", folder: folder, hyperparameters: h, resume: false).train(progress: .quiet)
        return folder
    }
}
