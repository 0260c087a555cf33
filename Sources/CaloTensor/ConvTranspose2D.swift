import CaloSupport

/// A transposed 2-D convolution (PyTorch's `nn.ConvTranspose2d`, the adjoint of `conv2d` with the
/// same kernel, stride and padding): each input pixel scatters its kernel-weighted copy into the
/// output,
///
///     y[n, o, iy s - p + ky, ix s - p + kx] += w[c, o, ky, kx] x[n, c, iy, ix],   y += b[o]
///
/// computed as one sgemm (pixels as rows times the kernel matrix) and `col2im`, both differentiable
/// ops (to any order). `Reference.convTranspose2d` is the direct loop it is tested against.
///
/// Shapes: x [N, C, H, W], weight [C, O, kh, kw] (PyTorch's layout), bias [O] ->
/// [N, O, Ho, Wo], Ho = (H - 1) stride - 2 padding + kh (likewise Wo).
public func convTranspose2d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) -> Tensor {
    require(x.rank == 4 && weight.rank == 4 && x.shape[1] == weight.shape[0],
            "convTranspose2d: input \(x.shape) with weight \(weight.shape) (NCHW input, [in, out, kh, kw] weight)")
    let n = x.shape[0], c = x.shape[1], o = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3]
    let ho = (x.shape[2] - 1) * stride - 2 * padding + kh, wo = (x.shape[3] - 1) * stride - 2 * padding + kw
    require(ho > 0 && wo > 0, "convTranspose2d: empty output \(ho) x \(wo)")
    let g = ConvGeometry(channels: o, height: ho, width: wo, kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding)
    require(g.outputHeight == x.shape[2] && g.outputWidth == x.shape[3], "convTranspose2d: geometry \(g) does not invert \(x.shape)")
    let cols = matmul(channelsLast(x), weight.reshaped(to: [c, o * kh * kw]))
    let y = cols.col2im(g, images: n)
    guard let bias else { return y }
    require(bias.shape == [o], "convTranspose2d: bias \(bias.shape) for \(o) output channels")
    return y + bias.reshaped(to: [1, o, 1, 1])
}
