import CaloSupport

/// A 2-D convolution (cross-correlation, as PyTorch's `nn.Conv2d`) on sgemm:
///
///     y[n, o, oy, ox] = b[o] + sum_{c, ky, kx} w[o, c, ky, kx] x[n, c, oy s - p + ky, ox s - p + kx]
///
/// computed as im2col (patches as rows), one `linear` (sgemm, bias and activation fused) and a
/// transpose of the positions-by-channels result to NCHW. Every step is a differentiable op, so the
/// gradients (and gradients of gradients, for a critic's gradient penalty) follow exactly.
/// `Reference.conv2d` is the direct loop it is tested against.
///
/// Shapes: x [N, C, H, W], weight [O, C, kh, kw], bias [O] -> [N, O, Ho, Wo] with
/// Ho = (H + 2 padding - kh) / stride + 1. `leakyReLUSlope`: nil for none, 0 for ReLU.
public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
                   leakyReLUSlope slope: Float? = nil) -> Tensor {
    require(x.rank == 4 && weight.rank == 4 && x.shape[1] == weight.shape[1],
            "conv2d: input \(x.shape) with weight \(weight.shape) (NCHW input, [out, in, kh, kw] weight)")
    let g = ConvGeometry(channels: x.shape[1], height: x.shape[2], width: x.shape[3],
                         kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
    let n = x.shape[0], o = weight.shape[0], positions = g.outputHeight * g.outputWidth
    let rows = linear(x.im2col(g), weight: weight.reshaped(to: [o, g.patchSize]), bias: bias, leakyReLUSlope: slope)
    return rows.reshaped(to: [n, positions, o]).transposed().reshaped(to: [n, o, g.outputHeight, g.outputWidth])
}

/// The images [N, C, H, W] with channels last, as rows [N * H * W, C] (a differentiable copy).
func channelsLast(_ x: Tensor) -> Tensor {
    let n = x.shape[0], c = x.shape[1], hw = x.shape[2] * x.shape[3]
    return x.reshaped(to: [n, c, hw]).transposed().reshaped(to: [n * hw, c])
}
