import CaloSupport
import Foundation

/// Collects the nodes and initializers of one ONNX graph, naming every value uniquely.
///
/// Every method returns the name of the value it creates, so a computation reads as a chain of
/// calls: `let y = g.node("Add", [x, g.constant([1], shape: [])])`. Constants become
/// initializers (little-endian raw data, as the ONNX IR specifies for `raw_data`); scalars have
/// shape [] and broadcast under ONNX's numpy rules.
struct ONNXGraphBuilder {
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    private var counter = 0

    /// A fresh value name "prefix_k".
    private mutating func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)_\(counter)"
    }

    /// A float32 initializer of `shape` (row-major `values`).
    mutating func constant(_ values: [Float], shape: [Int], name: String? = nil) -> String {
        initializer(values, shape: shape, type: .float, name: name)
    }

    /// A float64 initializer of `shape`.
    mutating func constant(doubles values: [Double], shape: [Int]) -> String {
        initializer(values, shape: shape, type: .double, name: nil)
    }

    /// An int64 initializer of `shape` (indices, axes, slice bounds).
    mutating func constant(int64s values: [Int64], shape: [Int]) -> String {
        initializer(values, shape: shape, type: .int64, name: nil)
    }

    /// An initializer of `shape` holding `values` as raw little-endian bytes of ONNX type `type`.
    private mutating func initializer<T>(_ values: [T], shape: [Int], type: Onnx_TensorProto.DataType,
                                         name: String?) -> String {
        require(values.count == shape.reduce(1, *), "constant: \(values.count) values for shape \(shape)")
        var t = Onnx_TensorProto()
        t.name = name ?? fresh("const")
        t.dims = shape.map(Int64.init)
        t.dataType = Int32(type.rawValue)
        t.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
        initializers.append(t)
        return t.name
    }

    /// One node of operator `op` (default domain); returns its (single) output's name.
    @discardableResult
    mutating func node(_ op: String, _ inputs: [String], _ attributes: [Onnx_AttributeProto] = [],
                       output: String? = nil) -> String {
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = fresh(op)
        n.input = inputs
        let out = output ?? fresh(op.lowercased())
        n.output = [out]
        n.attribute = attributes
        nodes.append(n)
        return out
    }

    // MARK: attributes

    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }

    // MARK: common patterns

    /// x[:, lower..<upper] of a rank-2 value.
    mutating func columns(_ x: String, _ range: Range<Int>) -> String {
        node("Slice", [x, constant(int64s: [Int64(range.lowerBound)], shape: [1]),
                       constant(int64s: [Int64(range.upperBound)], shape: [1]), constant(int64s: [1], shape: [1])])
    }

    /// Casts to an ONNX element type.
    mutating func cast(_ x: String, to type: Onnx_TensorProto.DataType) -> String {
        node("Cast", [x], [Self.int("to", type.rawValue)])
    }

    /// Row sums of a rank-2 value, kept as [N, 1].
    mutating func rowSum(_ x: String) -> String {
        node("ReduceSum", [x, constant(int64s: [1], shape: [1])], [Self.int("keepdims", 1)])
    }

    /// a + t (b + t c): a quadratic in t from its coefficients, in Horner's order.
    mutating func quadratic(_ t: String, coefficients c: [Double]) -> String {
        let inner = node("Add", [constant(doubles: [c[1]], shape: []), node("Mul", [t, constant(doubles: [c[2]], shape: [])])])
        return node("Add", [constant(doubles: [c[0]], shape: []), node("Mul", [t, inner])])
    }
}
