/// Rows of features with a target each, for the binary-classification examples.
///
/// `values` is row-major, rows x `width`; `targets` holds one number per row in [0, 1]: a class
/// label (1 = signal), or, for classification without labels, the label of the mixture the
/// row was drawn from.
public struct BinaryDataset: Sendable, Equatable {
    public var values: [Float]
    public var width: Int
    public var targets: [Float]

    public init(values: [Float], width: Int, targets: [Float]) {
        precondition(width > 0 && values.count == width * targets.count,
                     "BinaryDataset: \(values.count) values for \(targets.count) rows of \(width)")
        self.values = values
        self.width = width
        self.targets = targets
    }

    public var rows: Int { targets.count }

    /// Rows `indices`, in that order.
    public func rows(_ indices: [Int]) -> BinaryDataset {
        var v = [Float]()
        v.reserveCapacity(indices.count * width)
        for i in indices { v += values[i * width..<(i + 1) * width] }
        return BinaryDataset(values: v, width: width, targets: indices.map { targets[$0] })
    }

    /// The rows of both sets, this one's first.
    public func appending(_ other: BinaryDataset) -> BinaryDataset {
        precondition(other.width == width, "BinaryDataset: widths \(width) and \(other.width)")
        return BinaryDataset(values: values + other.values, width: width, targets: targets + other.targets)
    }

    /// The same rows with other targets.
    public func relabelled(_ targets: [Float]) -> BinaryDataset {
        BinaryDataset(values: values, width: width, targets: targets)
    }
}

/// Per-feature standardisation x -> (x - mean) / sd, with mean and sd from a training set; a
/// feature that is undefined for a row (NaN, e.g. the width of an empty layer) becomes 0, the mean.
public struct BinaryStandardisation: Sendable, Equatable {
    public var mean: [Float]
    public var scale: [Float]

    /// Mean and standard deviation of each column over the finite values of `data`; a constant
    /// column gets scale 1.
    public init(fitting data: BinaryDataset) {
        var sum = [Double](repeating: 0, count: data.width), sum2 = sum, count = sum
        for r in 0..<data.rows {
            for c in 0..<data.width {
                let x = Double(data.values[r * data.width + c])
                guard x.isFinite else { continue }
                sum[c] += x
                sum2[c] += x * x
                count[c] += 1
            }
        }
        mean = (0..<data.width).map { Float(count[$0] > 0 ? sum[$0] / count[$0] : 0) }
        scale = (0..<data.width).map { c in
            let m = count[c] > 0 ? sum[c] / count[c] : 0
            let v = count[c] > 1 ? max(0, sum2[c] / count[c] - m * m) : 0
            return v > 0 ? Float(v.squareRoot()) : 1
        }
    }

    /// `data` standardised.
    public func apply(_ data: BinaryDataset) -> BinaryDataset {
        precondition(data.width == mean.count, "BinaryStandardisation: width \(data.width), fitted \(mean.count)")
        var v = data.values
        for i in v.indices {
            let c = i % data.width
            let z = (v[i] - mean[c]) / scale[c]
            v[i] = z.isFinite ? z : 0
        }
        return data.relabelled(data.targets).with(values: v)
    }
}

extension BinaryDataset {
    func with(values: [Float]) -> BinaryDataset { BinaryDataset(values: values, width: width, targets: targets) }
}
