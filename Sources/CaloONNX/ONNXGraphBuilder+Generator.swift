import CaloGAN
import CaloNN
import CaloSupport
import CaloTensor
import Foundation

extension ONNXGraphBuilder {
    /// The whole generator: `noise` [N, latent], `energy` [N, 1] MeV and the other conditions
    /// the model has (`conditions`) -> cell energies [N, cells] MeV in calosim's cell order
    /// (condition vector, MLP, head, response calibration, u E), named `output`. Per-species
    /// calibrations: each species' energy, weighted by its one-hot column (exactly one is 1).
    mutating func generatorShowers(_ generator: TrainedGenerator, noise: String, energy: String,
                                   conditions: ConditionInputs = ConditionInputs(), output: String? = nil) throws -> String {
        let config = generator.configuration
        let (condition, oneHot) = conditionVector(config.condition, energy: energy, inputs: conditions)
        let input = node("Concat", [noise, condition], [Self.int("axis", 1)])
        let raw = try mlp(generator.network.network, input: input)
        let u = head(raw, head: config.hyperparameters.generatorHead, transform: config.hyperparameters.cellTransform,
                     layerCells: config.layerCells)
        var e = showerEnergy(fractions: u, energy: energy, calibration: generator.calibration)
        if let species = generator.speciesCalibrations, let particles = config.condition.particles {
            let terms = zip(particles, oneHot).map { p, column -> String in
                let calibration = species.first { $0.particle == p }?.calibration
                return node("Mul", [column, showerEnergy(fractions: u, energy: energy, calibration: calibration)])
            }
            e = terms.dropFirst().reduce(terms[0]) { node("Add", [$0, $1]) }
        }
        return showers(fractions: u, energy: e, output: output)
    }

    /// The energy condition c = 2 (ln E - ln E_min) / (ln E_max - ln E_min) - 1 of
    /// `EnergyCondition.value`, in the same float32 operations: energy [N, 1] MeV -> c [N, 1].
    mutating func energyCondition(_ energy: String, _ condition: EnergyCondition) -> String {
        let logMin = Foundation.log(condition.minimumMeV), span = Foundation.log(condition.maximumMeV) - logMin
        let shifted = node("Sub", [node("Log", [energy]), constant([logMin], shape: [])])
        let scaled = node("Div", [node("Mul", [constant([2], shape: []), shifted]), constant([span], shape: [])])
        return node("Sub", [scaled, constant([1], shape: [])])
    }

    /// The generator's MLP on [noise, condition]: [N, latent] and [N, 1] -> raw outputs [N, outputs].
    ///
    /// `Linear` becomes Gemm (y = x W^T + b, W stored [out, in] as in `Linear`), its fused ReLU
    /// or LeakyReLU a Relu or LeakyRelu node; `LayerNorm` becomes LayerNormalization (opset 17).
    mutating func mlp(_ network: Sequential, input: String) throws -> String {
        var x = input
        for (name, layer) in network.layers {
            if let linear = layer as? Linear {
                let w = constant(linear.weight.value.scalars, shape: linear.weight.shape, name: "generator.\(name).weight")
                let b = constant(linear.bias.value.scalars, shape: linear.bias.shape, name: "generator.\(name).bias")
                x = node("Gemm", [x, w, b], [Self.int("transB", 1)])
                if let slope = linear.fusedSlope {
                    x = slope == 0 ? node("Relu", [x]) : node("LeakyRelu", [x], [Self.float("alpha", slope)])
                }
            } else if let activation = layer as? ActivationLayer {
                x = try self.activation(activation.activation, x)
            } else if let norm = layer as? LayerNorm {
                let w = constant(norm.weight.value.scalars, shape: norm.weight.shape, name: "generator.\(name).weight")
                let b = constant(norm.bias.value.scalars, shape: norm.bias.shape, name: "generator.\(name).bias")
                x = node("LayerNormalization", [x, w, b], [Self.int("axis", -1), Self.float("epsilon", norm.epsilon)])
            } else {
                throw CalosimError.badInput("ONNX export: the generator's layer \(name) (\(type(of: layer))) has no ONNX translation")
            }
        }
        return x
    }

    private mutating func activation(_ a: Activation, _ x: String) throws -> String {
        switch a {
        case .identity: return x
        case .relu: return node("Relu", [x])
        case .leakyReLU(let s): return node("LeakyRelu", [x], [Self.float("alpha", s)])
        case .sigmoid: return node("Sigmoid", [x])
        case .tanh: return node("Tanh", [x])
        case .softplus: return node("Softplus", [x])
        }
    }

    /// The generator head of `ConditionalGenerator.cellFractions`: raw outputs -> cell energies
    /// over the incident energy u [N, cells], u >= 0.
    ///
    /// `.direct`: u = T^-1(raw) (the cell transform's inverse). The layer heads:
    /// u = w_cell f_layer / (sum_layer w + 1e-6), with w = exp(min(relu(r), 30)) - 1 and
    /// f = (1 - sigmoid(a)) softmax(b) (`.physics`), w = relu(r) and f = (1 - sigmoid(a - 5))
    /// softmax(b) (`.shares`), w = relu(r) and f = softplus(b) (`.layers`). Layer sums and the
    /// spread back to cells are products with the [cells, layers] indicator and its transpose.
    mutating func head(_ raw: String, head: GeneratorHead, transform: CellTransform, layerCells: [Int]) -> String {
        let cells = layerCells.reduce(0, +), layers = layerCells.count
        if head == .direct { return inverse(transform, raw) }
        let r = columns(raw, 0..<cells)
        let weights: String
        if head == .physics {
            let clipped = node("Clip", [r, constant([0], shape: []), constant([30], shape: [])])
            weights = node("Sub", [node("Exp", [clipped]), constant([1], shape: [])])
        } else {
            weights = node("Relu", [r])
        }
        let fractions: String
        switch head {
        case .physics, .shares:
            var a = columns(raw, cells..<(cells + 1))
            if head == .shares { a = node("Sub", [a, constant([5], shape: [])]) }
            let kept = node("Sub", [constant([1], shape: []), node("Sigmoid", [a])])
            let shares = node("Softmax", [columns(raw, (cells + 1)..<(cells + 1 + layers))], [Self.int("axis", -1)])
            fractions = node("Mul", [shares, kept])
        case .layers, .direct:
            fractions = node("Softplus", [columns(raw, cells..<(cells + layers))])
        }
        var indicator = [Float](repeating: 0, count: cells * layers), transposed = indicator
        var c = 0
        for (l, n) in layerCells.enumerated() {
            for _ in 0..<n {
                indicator[c * layers + l] = 1
                transposed[l * cells + c] = 1
                c += 1
            }
        }
        let sums = node("MatMul", [weights, constant(indicator, shape: [cells, layers], name: "layer_indicator")])
        let scale = node("Div", [fractions, node("Add", [sums, constant([1e-6], shape: [])])])
        let spread = node("MatMul", [scale, constant(transposed, shape: [layers, cells], name: "layer_indicator_transposed")])
        return node("Mul", [weights, spread])
    }

    /// u = T^-1(x) as in `CellTransform.inverse(_: Tensor)`.
    private mutating func inverse(_ transform: CellTransform, _ x: String) -> String {
        switch transform {
        case .identity:
            return x
        case .log(let eps):
            return node("Mul", [node("Sub", [node("Exp", [x]), constant([1], shape: [])]), constant([eps], shape: [])])
        case .power(let p):
            return node("Pow", [node("Relu", [x]), constant([1 / p], shape: [])])
        }
    }
}
