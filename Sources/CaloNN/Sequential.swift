import CaloSupport
import CaloTensor

/// Layers applied in order, each under a name; parameter names are "layerName.parameterName"
/// (PyTorch's `nn.Sequential` uses the layer's index as its name).
public final class Sequential: Layer {
    public let layers: [(name: String, layer: any Layer)]

    public init(_ layers: [(name: String, layer: any Layer)]) {
        self.layers = layers
    }

    /// Layers named by their index.
    public convenience init(_ layers: [any Layer]) {
        self.init(layers.enumerated().map { ("\($0.offset)", $0.element) })
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        layers.reduce(x) { $1.layer($0) }
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.flatMap { entry in entry.layer.namedParameters.map { ("\(entry.name).\($0.name)", $0.parameter) } }
    }
}

/// A multilayer perceptron's description, stored beside its parameters.
public struct MLPConfig: Codable, Equatable, Sendable {
    /// Widths from input to output, e.g. [65, 256, 512, 1024, 504].
    public var sizes: [Int]
    /// After every hidden layer.
    public var hiddenActivation: Activation
    /// After the last layer.
    public var outputActivation: Activation
    /// LayerNorm between each hidden linear layer and its activation.
    public var layerNorm: Bool
    public var initialization: Initialization

    public init(sizes: [Int], hiddenActivation: Activation = .leakyReLU(slope: 0.2),
                outputActivation: Activation = .identity, layerNorm: Bool = false, initialization: Initialization = .he) {
        require(sizes.count >= 2, "MLPConfig: needs at least input and output sizes, got \(sizes)")
        self.sizes = sizes
        self.hiddenActivation = hiddenActivation
        self.outputActivation = outputActivation
        self.layerNorm = layerNorm
        self.initialization = initialization
    }
}

extension Sequential {
    /// The MLP described by `config`, linear layer i's weights drawn from element i of
    /// `StreamDomain.layerInitialisation` under `seed`.
    ///
    /// Layer names follow a PyTorch `nn.Sequential` of Linear, [LayerNorm,] activation modules,
    /// so parameters are named "0.weight", "0.bias", "2.weight", ... as there. ReLU and LeakyReLU
    /// are fused into their linear layer's op; the index they would occupy is still skipped.
    public static func mlp(_ config: MLPConfig, seed: UInt64) -> Sequential {
        var entries: [(name: String, layer: any Layer)] = []
        var index = 0
        let layerCount = config.sizes.count - 1
        for i in 0..<layerCount {
            let isLast = i == layerCount - 1
            let activation = isLast ? config.outputActivation : config.hiddenActivation
            let norm = config.layerNorm && !isLast
            let fused = norm ? nil : activation.fusedSlope
            var generator = StreamDomain.layerInitialisation.generator(key: seed, index: UInt64(i))
            let layer = Linear(inputSize: config.sizes[i], outputSize: config.sizes[i + 1], fusedSlope: fused,
                               initialization: config.initialization, generator: &generator)
            entries.append(("\(index)", layer))
            index += 1
            if norm {
                entries.append(("\(index)", LayerNorm(size: config.sizes[i + 1])))
                index += 1
            }
            if activation != .identity {
                if fused == nil { entries.append(("\(index)", ActivationLayer(activation))) }
                index += 1
            }
        }
        return Sequential(entries)
    }
}
