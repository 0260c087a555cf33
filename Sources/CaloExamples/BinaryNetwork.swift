import CaloNN
import CaloSupport
import CaloTensor

/// A small fully connected network for the binary-classification examples: hidden layers with
/// their own activations, a linear output layer (one logit for a classifier; the adversary's
/// mixture parameters for the pivot).
///
/// Shapes: input [B, inputs] -> output [B, outputs]. Layers start from PyTorch's `nn.Linear`
/// default (weights and biases U(-1/sqrt(fanIn), 1/sqrt(fanIn))), as calosim's classifier test
/// does; layer l of network `index` draws from element 256 index + l of
/// `BinaryExampleStreams.networkInitialisation` under the example's seed.
public final class BinaryNetwork {
    public let model: Sequential
    public let inputs: Int
    public let outputs: Int

    /// A network `inputs -> hidden[0] -> ... -> outputs`, hidden layer widths and activations in order.
    public init(inputs: Int, hidden: [(width: Int, activation: Activation)], outputs: Int = 1, seed: UInt64, index: UInt64) {
        precondition(index < 256, "BinaryNetwork: network index \(index) outside 0..<256")
        var layers: [any Layer] = []
        var width = inputs
        for (l, h) in (hidden + [(outputs, Activation.identity)]).enumerated() {
            var generator = BinaryExampleStreams.networkInitialisation.generator(key: seed, index: 256 * index + UInt64(l))
            let fused = h.activation.fusedSlope
            layers.append(Linear(inputSize: width, outputSize: h.width, fusedSlope: fused,
                                 initialization: .lecunUniform, generator: &generator))
            if fused == nil && h.activation != .identity { layers.append(ActivationLayer(h.activation)) }
            width = h.width
        }
        model = Sequential(layers)
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The network on a batch [B, inputs] (recorded for gradients when enabled).
    public func callAsFunction(_ x: Tensor) -> Tensor { model(x) }

    /// The outputs for row-major inputs (rows x `inputs`), in batches of 4096, without gradients;
    /// row-major (rows x `outputs`).
    public func evaluate(_ values: [Float]) -> [Float] {
        precondition(values.count % inputs == 0, "BinaryNetwork: \(values.count) values are not rows of \(inputs)")
        let rows = values.count / inputs
        var out = [Float]()
        out.reserveCapacity(rows * outputs)
        withoutGradients {
            var lo = 0
            while lo < rows {
                let n = min(4096, rows - lo)
                out += model(Tensor(shape: [n, inputs], scalars: Array(values[lo * inputs..<(lo + n) * inputs]))).scalars
                lo += n
            }
        }
        return out
    }

    /// The trainable parameters.
    public var parameters: [Parameter] { model.parameters }

    /// Current parameter values (a snapshot for restoring the best epoch).
    public var snapshot: [[Float]] { model.parameters.map(\.value.scalars) }

    /// Sets every parameter from a snapshot of a network of the same shape.
    public func restore(_ snapshot: [[Float]]) {
        precondition(snapshot.count == model.parameters.count, "BinaryNetwork: snapshot of another network")
        for (p, w) in zip(model.parameters, snapshot) { p.assign(Tensor(shape: p.shape, scalars: w)) }
    }
}
