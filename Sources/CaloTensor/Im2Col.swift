import CaloSupport

/// The geometry of a 2-D convolution over images [N, channels, height, width] (NCHW, as PyTorch):
/// square-free kernels, one stride and one zero padding for both axes.
///
/// Output extent per axis: (in + 2 padding - kernel) / stride + 1 (floor), as `nn.Conv2d`.
public struct ConvGeometry: Hashable, Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int

    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
        require(channels > 0 && height > 0 && width > 0 && kernelHeight > 0 && kernelWidth > 0 && stride > 0 && padding >= 0,
                "ConvGeometry: channels \(channels), image \(height) x \(width), kernel \(kernelHeight) x \(kernelWidth), stride \(stride), padding \(padding)")
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        require(height + 2 * padding >= kernelHeight && width + 2 * padding >= kernelWidth,
                "ConvGeometry: kernel \(kernelHeight) x \(kernelWidth) larger than the padded image \(height) x \(width) + 2 x \(padding)")
    }

    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Elements of one patch: channels x kernelHeight x kernelWidth.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
}

extension Tensor {
    /// The patches of images [N, C, H, W] as rows: [N * Ho * Wo, C * kh * kw], row (n, oy, ox),
    /// column (c, ky, kx); outside the image reads zero. A linear map; its derivative is `col2im`,
    /// whose derivative is this again (so convolutions are differentiable to any order).
    public func im2col(_ geometry: ConvGeometry) -> Tensor {
        let g = geometry
        require(rank == 4 && shape[1] == g.channels && shape[2] == g.height && shape[3] == g.width,
                "im2col: input \(shape) for \(g.channels) x \(g.height) x \(g.width) images")
        let n = shape[0]
        let out = Tensor(uninitializedShape: [n * g.outputHeight * g.outputWidth, g.patchSize])
        ConvKernels.im2col(storage.base, images: n, g, out.storage.base)
        guard Tensor.recording(self) else { return out }
        return out.recorded("im2col", [self]) { grad, _ in [grad.col2im(g, images: n)] }
    }

    /// The adjoint of `im2col`: rows [N * Ho * Wo, C * kh * kw] summed back into images
    /// [N, C, H, W] (overlapping patches add).
    public func col2im(_ geometry: ConvGeometry, images n: Int) -> Tensor {
        let g = geometry
        require(shape == [n * g.outputHeight * g.outputWidth, g.patchSize],
                "col2im: \(shape) for \(n) images of \(g.outputHeight) x \(g.outputWidth) patches of \(g.patchSize)")
        let out = Tensor(shape: [n, g.channels, g.height, g.width], repeating: 0)
        ConvKernels.col2im(storage.base, images: n, g, out.storage.base)
        guard Tensor.recording(self) else { return out }
        return out.recorded("col2im", [self]) { grad, _ in [grad.im2col(g)] }
    }
}

/// The loops of `im2col` and `col2im`, one image per piece of work (images split over threads).
enum ConvKernels {
    static func im2col(_ x: UnsafeMutablePointer<Float>, images n: Int, _ g: ConvGeometry, _ cols: UnsafeMutablePointer<Float>) {
        let px = SendablePointer(x), pc = SendablePointer(cols)
        let ho = g.outputHeight, wo = g.outputWidth, p = g.patchSize
        Kernels.split(n, work: n * ho * wo * p, unit: 1) { lo, hi in
            for img in lo..<hi {
                let src = px.base + img * g.channels * g.height * g.width
                for oy in 0..<ho {
                    for ox in 0..<wo {
                        var dst = pc.base + ((img * ho + oy) * wo + ox) * p
                        // Kernel columns kx in lo ..< hi read inside the image, the others zero.
                        let x0 = ox * g.stride - g.padding, kw = g.kernelWidth
                        let lo = Swift.max(0, -x0), hi = Swift.min(kw, g.width - x0)
                        for c in 0..<g.channels {
                            let plane = src + c * g.height * g.width
                            for ky in 0..<g.kernelHeight {
                                let iy = oy * g.stride - g.padding + ky
                                if iy < 0 || iy >= g.height || lo >= hi {
                                    dst.update(repeating: 0, count: kw)
                                } else {
                                    let line = plane + iy * g.width + x0
                                    for kx in 0..<lo { dst[kx] = 0 }
                                    for kx in lo..<hi { dst[kx] = line[kx] }
                                    for kx in hi..<kw { dst[kx] = 0 }
                                }
                                dst += kw
                            }
                        }
                    }
                }
            }
        }
    }

    /// images += col2im(cols) (images zeroed by the caller).
    static func col2im(_ cols: UnsafeMutablePointer<Float>, images n: Int, _ g: ConvGeometry, _ x: UnsafeMutablePointer<Float>) {
        let px = SendablePointer(x), pc = SendablePointer(cols)
        let ho = g.outputHeight, wo = g.outputWidth, p = g.patchSize
        Kernels.split(n, work: n * ho * wo * p, unit: 1) { lo, hi in
            for img in lo..<hi {
                let dstImage = px.base + img * g.channels * g.height * g.width
                for oy in 0..<ho {
                    for ox in 0..<wo {
                        var src = pc.base + ((img * ho + oy) * wo + ox) * p
                        let x0 = ox * g.stride - g.padding, kw = g.kernelWidth
                        let lo = Swift.max(0, -x0), hi = Swift.min(kw, g.width - x0)
                        for c in 0..<g.channels {
                            let plane = dstImage + c * g.height * g.width
                            for ky in 0..<g.kernelHeight {
                                let iy = oy * g.stride - g.padding + ky
                                if iy >= 0 && iy < g.height && lo < hi {
                                    let line = plane + iy * g.width + x0
                                    for kx in lo..<hi { line[kx] += src[kx] }
                                }
                                src += kw
                            }
                        }
                    }
                }
            }
        }
    }
}
