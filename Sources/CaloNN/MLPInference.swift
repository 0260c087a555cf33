import CaloBLAS
import CaloSupport
import CaloTensor
import Foundation

/// A forward pass of an MLP of fused linear layers (`Sequential.mlp` without LayerNorm or
/// separate activation layers), planned once for inference: weights read (or packed as bf16)
/// when the plan is made, buffers kept between calls, no graph, no tensors.
///
/// Shapes: input [rows, inputWidth] fp32 -> output [rows, outputStride] fp32, of which the first
/// `outputWidth` columns are the network's output (bf16 pads to a multiple of 64, fp32 not).
///
/// - fp32: per layer one `BLAS.sgemm` (x W^T, OpenBLAS, the tiles of `linear`) with bias and
///   LeakyReLU applied to each tile as it is computed: the same operations as
///   `linear(_:weight:bias:leakyReLUSlope:)`, so the same bytes as the tensor path. A row gets
///   the same bytes in every batch of at least 5 rows. Batches of 1 to 4 rows go through
///   `FewRowLinear` where the CPU has AVX2 or AVX-512 (weights packed when the plan is made):
///   a row gets the same bytes in each of them, which differ from the sgemm path's in the last
///   bits (another order of summation).
/// - bf16: the input rounded to bf16 once; per layer one `BF16Linear.linear` (fp32 accumulation,
///   bias and activation in the product's epilogue, stored as the next layer's bf16 input), the
///   last layer stored as fp32; or, with `BF16Kernel.onednn`, the same per layer on oneDNN's
///   matmul (`OneDNNLinear`, bias and activation as post-ops). Either gives a row the same
///   bytes whatever the batch and the thread count; the two kernels may differ in the last bits.
///
/// The weights are those of the network when the plan is made; make a new plan after changing them.
public final class MLPInference: @unchecked Sendable {
    public let precision: ResolvedPrecision
    /// The kernel of the bf16 products (nil for fp32).
    public let bf16Kernel: BF16Kernel?
    public let inputWidth: Int
    public let outputWidth: Int
    /// Row stride of the output buffer.
    public let outputStride: Int

    private struct Layer32 {
        let weight: Tensor, bias: Tensor, slope: Float?
        var n: Int { weight.shape[0] }
        var k: Int { weight.shape[1] }
    }
    private let layers32: [Layer32]
    /// The fp32 layers packed for batches of 1 to 4 rows (empty without an AVX2/AVX-512 kernel).
    private let fewRows: [FewRowWeights]
    private let layers16: [BF16Weights]
    private let layersDNNL: [OneDNNWeights]
    private let slopes: [Float?]
    /// Row widths of the activations between layers (bf16: padded; fp32: exact).
    private let widths: [Int]
    private let lock = NSLock()
    private var idle: [Workspace] = []

    /// Plans `network`, whose layers must all be `Linear` (activations fused). bf16: `kernel`
    /// runs the products, nil for this process's `BF16Kernel.selected` (whose error is thrown).
    public init(_ network: Sequential, precision: ResolvedPrecision, kernel: BF16Kernel? = nil) throws(CalosimError) {
        let linears = network.layers.compactMap { $0.layer as? Linear }
        guard !linears.isEmpty, linears.count == network.layers.count else {
            throw CalosimError.badInput("the inference plan takes a network of fused linear layers only (layers: \(network.layers.map { type(of: $0.layer) }))")
        }
        for (a, b) in zip(linears, linears.dropFirst()) where a.outputSize != b.inputSize {
            throw CalosimError.mismatch("layer widths \(a.outputSize) and \(b.inputSize) do not chain")
        }
        self.precision = precision
        inputWidth = linears[0].inputSize
        outputWidth = linears[linears.count - 1].outputSize
        slopes = linears.map(\.fusedSlope)
        switch precision {
        case .fp32:
            layers32 = linears.map { Layer32(weight: $0.weight.value, bias: $0.bias.value, slope: $0.fusedSlope) }
            fewRows = FewRowLinear.instructionSet == nil ? [] : layers32.map { layer in
                FewRowWeights(weight: layer.weight.unsafeBaseAddress, n: layer.n, k: layer.k, bias: layer.bias.unsafeBaseAddress)
            }
            layers16 = []
            layersDNNL = []
            bf16Kernel = nil
            widths = [inputWidth] + linears.map(\.outputSize)
            outputStride = outputWidth
        case .bf16:
            guard MatrixUnits.detected.runsBF16 else {
                throw CalosimError.environment("bf16 inference needs a CPU with AVX512-BF16 (this one has: \(MatrixUnits.detected.description))")
            }
            layers32 = []
            fewRows = []
            let chosen: BF16Kernel
            if let kernel { chosen = kernel } else { chosen = try BF16Kernel.selected.get() }
            bf16Kernel = chosen
            switch chosen {
            case .calosim:
                layersDNNL = []
                layers16 = linears.map { layer in
                    layer.weight.value.withUnsafeBufferPointer { w in
                        layer.bias.value.withUnsafeBufferPointer { b in
                            BF16Weights(weight: w.baseAddress!, n: layer.outputSize, k: layer.inputSize, bias: b.baseAddress!)
                        }
                    }
                }
            case .onednn:
                layers16 = []
                var made: [OneDNNWeights] = []
                for (i, layer) in linears.enumerated() {
                    let w = layer.weight.value, b = layer.bias.value
                    // Hidden layers write bf16, the last fp32.
                    made.append(try OneDNNWeights(weight: w.unsafeBaseAddress, n: layer.outputSize, k: layer.inputSize,
                                                  bias: b.unsafeBaseAddress, slope: layer.fusedSlope, outputs: [i < linears.count - 1]))
                    withExtendedLifetime((w, b)) {}
                }
                layersDNNL = made
            }
            // Layer i reads rows of paddedInputs; a hidden layer writes paddedOutputs columns (the
            // padding zero), which the next layer's weights cover with zeros (or do not read).
            let inputs = layers16.map(\.paddedInputs) + layersDNNL.map(\.paddedInputs)
            let outputs = layers16.map(\.paddedOutputs) + layersDNNL.map(\.paddedOutputs)
            widths = [inputs[0]] + outputs
            outputStride = outputs[outputs.count - 1]
        }
    }

    /// Buffers of one call: two ping-pong activation buffers (bf16 or fp32) of `capacity` rows.
    private final class Workspace {
        var capacity = 0
        var a = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
        var b = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)

        func reserve(rows: Int, bytesPerRow: Int) {
            guard rows > capacity else { return }
            a.deallocate()
            b.deallocate()
            a = .allocate(byteCount: rows * bytesPerRow, alignment: 64)
            b = .allocate(byteCount: rows * bytesPerRow, alignment: 64)
            capacity = rows
        }

        deinit {
            a.deallocate()
            b.deallocate()
        }
    }

    /// output[rows, outputStride] = network(input[rows, inputWidth]) on `threads` threads.
    /// Safe to call from several threads at once (each call takes its own buffers).
    ///
    /// `firstRow`: the index of the first row in the whole sequence the caller cuts into calls
    /// (shower k of a generation). Where OpenBLAS's kernel sums a row by its position within
    /// `BLAS.rowQuantum` rows (Haswell: 12), fp32 calls of 5 or more rows are computed with the
    /// rows placed at firstRow mod that quantum behind zero rows, so each row gets the same
    /// bytes whatever the calls it is cut into.
    public func forward(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, threads: Int,
                        firstRow: Int = 0) {
        guard rows > 0 else { return }
        let quantum = precision == .fp32 && (rows > FewRowLinear.maximumRows || fewRows.isEmpty) ? BLAS.rowQuantum : 1
        let phase = firstRow % quantum
        if quantum > 1 && (phase != 0 || rows % quantum != 0) {
            let padded = (phase + rows + quantum - 1) / quantum * quantum
            var x = [Float](repeating: 0, count: padded * inputWidth)
            var y = [Float](repeating: 0, count: padded * outputStride)
            x.withUnsafeMutableBufferPointer { ($0.baseAddress! + phase * inputWidth).update(from: input, count: rows * inputWidth) }
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { forward(xp.baseAddress!, rows: padded, into: $0.baseAddress!, threads: threads) }
            }
            y.withUnsafeBufferPointer { output.update(from: $0.baseAddress! + phase * outputStride, count: rows * outputStride) }
            return
        }
        let workspace = takeWorkspace()
        defer { giveBack(workspace) }
        let widest = widths.dropFirst().dropLast().max() ?? 1
        switch precision {
        case .fp32:
            workspace.reserve(rows: rows, bytesPerRow: max(widest, 1) * 4)
            forward32(input, rows: rows, into: output, workspace: workspace)
        case .bf16:
            workspace.reserve(rows: rows, bytesPerRow: max(widest, widths[0]) * 2)
            forward16(input, rows: rows, into: output, workspace: workspace, threads: threads)
        }
    }

    private func forward32(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, workspace: Workspace) {
        var x = input
        if rows <= FewRowLinear.maximumRows && !fewRows.isEmpty {
            for (i, weights) in fewRows.enumerated() {
                let last = i == fewRows.count - 1
                let y = last ? output : (i % 2 == 0 ? workspace.a : workspace.b).assumingMemoryBound(to: Float.self)
                FewRowLinear.linear(x, lda: weights.k, rows: rows, weights: weights, slope: layers32[i].slope, into: y, ldy: weights.n)
                x = UnsafePointer(y)
            }
            return
        }
        for (i, layer) in layers32.enumerated() {
            let last = i == layers32.count - 1
            let y = last ? output : (i % 2 == 0 ? workspace.a : workspace.b).assumingMemoryBound(to: Float.self)
            let n = layer.n, slope = layer.slope
            let py = SharedPointer(y), pbias = SharedPointer(layer.bias.unsafeBaseAddress)
            BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: n, k: layer.k, a: x, lda: layer.k,
                       b: layer.weight.unsafeBaseAddress, ldb: layer.k, c: y, ldc: n) { rowRange, columns in
                Self.biasActivation(py.base, ldc: n, rows: rowRange, columns: columns, bias: pbias.base, slope: slope)
            }
            x = UnsafePointer(y)
        }
    }

    /// y = act(y + bias) on one tile, the arithmetic of `linear`'s pass after sgemm:
    /// v = y + b, then v < 0 ? v * slope : v.
    private static func biasActivation(_ y: UnsafeMutablePointer<Float>, ldc: Int, rows: Range<Int>, columns: Range<Int>,
                                       bias: UnsafeMutablePointer<Float>, slope: Float?) {
        let s = slope ?? 1
        let activate = slope != nil
        for r in rows {
            let row = y + r * ldc
            var j = columns.lowerBound
            while j + 16 <= columns.upperBound {
                var v = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD16<Float>.self)
                    + UnsafeRawPointer(bias + j).loadUnaligned(as: SIMD16<Float>.self)
                if activate { v = v.replacing(with: v * s, where: v .< 0) }
                UnsafeMutableRawPointer(row + j).storeBytes(of: v, as: SIMD16<Float>.self)
                j += 16
            }
            while j < columns.upperBound {
                let v = row[j] + bias[j]
                row[j] = activate && v < 0 ? v * s : v
                j += 1
            }
        }
    }

    private func forward16(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
                           workspace: Workspace, threads: Int) {
        var x = workspace.a.assumingMemoryBound(to: UInt16.self)
        BF16Linear.convert(input, ldx: inputWidth, k: inputWidth, rows: rows, into: x, ldo: widths[0], threads: threads)
        for i in 0..<slopes.count {
            let last = i == slopes.count - 1
            let y = (i % 2 == 0 ? workspace.b : workspace.a).assumingMemoryBound(to: UInt16.self)
            if layersDNNL.isEmpty {
                BF16Linear.linear(x, lda: widths[i], rows: rows, weights: layers16[i], slope: slopes[i],
                                  outBF16: last ? nil : y, outF32: last ? output : nil, ldo: widths[i + 1], threads: threads)
            } else {
                OneDNNLinear.linear(x, lda: widths[i], rows: rows, weights: layersDNNL[i],
                                    outBF16: last ? nil : y, outF32: last ? output : nil, ldo: widths[i + 1], threads: threads)
            }
            x = y
        }
    }

    private func takeWorkspace() -> Workspace {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? Workspace()
    }

    private func giveBack(_ w: Workspace) {
        lock.lock()
        idle.append(w)
        lock.unlock()
    }
}
