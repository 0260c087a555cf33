import CaloBLAS
import CaloDetector
import CaloGAN
import CaloNN
import CaloSim
import CaloSupport
import Foundation

/// What a long default run will cost on this machine, from two quick measurements: a few
/// reference showers at the spectrum's mean energy (the simulator's time grows linearly with
/// the energy, so their mean time is that of the spectrum) on all threads, and a few WGAN-GP
/// iterations of the recipe's networks on random showers of the geometry (the cost of an
/// iteration does not depend on the values).
public struct TimeEstimate: Sendable {
    /// Wall seconds per reference shower with all threads busy.
    public var simulationSecondsPerShower: Double
    /// Wall seconds per generator iteration (with its critic steps).
    public var trainingSecondsPerIteration: Double

    public init(simulationSecondsPerShower: Double, trainingSecondsPerIteration: Double) {
        self.simulationSecondsPerShower = simulationSecondsPerShower
        self.trainingSecondsPerIteration = trainingSecondsPerIteration
    }

    /// Wall seconds per shower of `showers` (at least one per thread) simulated in parallel at
    /// the mean energy of `spectrum`.
    public static func simulation(geometry: Geometry, particle: Particle, spectrum: EnergySpectrum, threads: Int,
                                  showers: Int? = nil) throws -> Double {
        let simulator = try ShowerSimulator(geometry: geometry)
        let r = spectrum.rangeMeV
        let meanMeV: Double
        switch spectrum {
        case .fixed(let e): meanMeV = e
        case .uniform: meanMeV = (r.lowerBound + r.upperBound) / 2
        case .logUniform: meanMeV = (r.upperBound - r.lowerBound) / log(r.upperBound / r.lowerBound)
        }
        let n = showers ?? 2 * threads
        let start = ProgressReporter.now()
        Threads.parallelFor(n, threads: threads) { i in
            _ = simulator.simulate(Primary(particle: particle, kineticEnergyMeV: meanMeV), seed: 0x7E57, showerIndex: UInt64(i))
        }
        return (ProgressReporter.now() - start) / Double(n)
    }

    /// Wall seconds per iteration of `hyperparameters`' WGAN-GP step in `geometry`, after one
    /// warm-up iteration, on 4 batches of random showers.
    public static func training(hyperparameters h: GANHyperparameters, geometry: Geometry, threads: Int,
                                iterations: Int = 3) throws -> Double {
        try BLAS.load()
        EngineThreads.set(threads)
        let cells = geometry.cellCount, count = 4 * h.batchSize
        // The engine benchmark's random showers (`StreamDomain.benchmarkData`), scaled to cells of
        // up to 1e-3 of the incident energy.
        var cellRNG = StreamDomain.benchmarkData.generator(key: h.seed, index: 0)
        var conditionRNG = StreamDomain.benchmarkData.generator(key: h.seed, index: 1)
        let values = (0..<(count * cells)).map { _ in h.cellTransform.forward(1e-3 * cellRNG.uniformFloat()) }
        let conditions = (0..<count).map { _ in 2 * conditionRNG.uniformFloat() - 1 }
        let data = TrainingData.Split(cells: values, condition: conditions, incidentMeV: Array(repeating: 1000, count: count),
                                      totalMeV: Array(repeating: 1000, count: count))
        let g = ConditionalGenerator(hyperparameters: h, layerCells: geometry.cellsPerLayer, seed: h.seed)
        let d = ConditionalCritic(hyperparameters: h, geometry: geometry, seed: h.seed &+ 1)
        let step = WGANStep(generator: g, critic: d,
                            generatorOptimizer: Adam(parameters: g.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2),
                            criticOptimizer: Adam(parameters: d.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2),
                            hyperparameters: h, data: data, cells: cells)
        _ = step.run(iteration: 0)
        let start = ProgressReporter.now()
        for t in 1...iterations { _ = step.run(iteration: t) }
        return (ProgressReporter.now() - start) / Double(iterations)
    }

    /// "3 min", "1.2 h".
    public static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}
