import CaloApp
import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import Foundation

/// The C interface of `include/calosim.h` (see there for units, shapes and thread safety): C
/// pointers and status codes around `EmbeddedGenerator`. Every function checks its pointers;
/// a handle is a retained `ModelHandle`.

/// calosim_status values of calosim.h.
enum Status: Int32 {
    case ok = 0, argument = 1, model = 2, bufferTooSmall = 3, environment = 4

    init(_ failure: EmbeddedGenerator.Failure) {
        switch failure {
        case .argument: self = .argument
        case .model: self = .model
        case .bufferTooSmall: self = .bufferTooSmall
        case .environment: self = .environment
        }
    }
}

/// What a `calosim_model *` points to: the generator and the handle's last error message.
final class ModelHandle: @unchecked Sendable {
    let embedded: EmbeddedGenerator
    /// C strings owned by the handle (malloc'd, freed with it).
    let modelId: UnsafeMutablePointer<CChar>
    private var message: UnsafeMutablePointer<CChar>
    private let lock = NSLock()

    init(_ embedded: EmbeddedGenerator) {
        self.embedded = embedded
        modelId = strdup(embedded.generator.configuration.modelId)
        message = strdup("")
    }

    deinit {
        free(modelId)
        free(message)
    }

    /// Records `text` as the last error ("" on success) and returns `status`.
    func finish(_ status: Status, _ text: String = "") -> Int32 {
        lock.lock()
        free(message)
        message = strdup(text)
        lock.unlock()
        return status.rawValue
    }

    /// The last message, valid until the next call on the handle.
    var lastError: UnsafePointer<CChar> {
        lock.lock()
        defer { lock.unlock() }
        return UnsafePointer(message)
    }

    static func from(_ pointer: OpaquePointer?) -> ModelHandle? {
        guard let pointer else { return nil }
        return Unmanaged<ModelHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }
}

/// Copies `text` into a C buffer of `capacity` bytes, NUL-terminated and cut if needed.
private func copy(_ text: String, to buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    let bytes = Array(text.utf8.prefix(capacity - 1))
    for (i, b) in bytes.enumerated() { buffer[i] = CChar(bitPattern: b) }
    buffer[bytes.count] = 0
}

@_cdecl("calosim_open")
public func calosim_open(_ folder: UnsafePointer<CChar>?, _ model: UnsafeMutablePointer<OpaquePointer?>?,
                         _ message: UnsafeMutablePointer<CChar>?, _ messageCapacity: Int) -> Int32 {
    open(folder, .auto, model, message, messageCapacity, function: "calosim_open")
}

/// calosim_open and calosim_open_precision.
private func open(_ folder: UnsafePointer<CChar>?, _ precision: InferencePrecision, _ model: UnsafeMutablePointer<OpaquePointer?>?,
                  _ message: UnsafeMutablePointer<CChar>?, _ messageCapacity: Int, function: String) -> Int32 {
    guard let model else {
        copy("\(function): the model pointer is NULL", to: message, capacity: messageCapacity)
        return Status.argument.rawValue
    }
    model.pointee = nil
    guard let folder else {
        copy("\(function): the folder is NULL", to: message, capacity: messageCapacity)
        return Status.argument.rawValue
    }
    do {
        let embedded = try EmbeddedGenerator(folder: URL(fileURLWithPath: String(cString: folder)), precision: precision)
        model.pointee = OpaquePointer(Unmanaged.passRetained(ModelHandle(embedded)).toOpaque())
        copy("", to: message, capacity: messageCapacity)
        return Status.ok.rawValue
    } catch {
        copy("\(error)", to: message, capacity: messageCapacity)
        return Status(error).rawValue
    }
}

/// calosim_precision values of calosim.h.
private let precisions: [Int32: InferencePrecision] = [0: .fp32, 1: .bf16, 2: .auto]

@_cdecl("calosim_open_precision")
public func calosim_open_precision(_ folder: UnsafePointer<CChar>?, _ precision: Int32, _ model: UnsafeMutablePointer<OpaquePointer?>?,
                                   _ message: UnsafeMutablePointer<CChar>?, _ messageCapacity: Int) -> Int32 {
    model?.pointee = nil
    guard let chosen = precisions[precision] else {
        copy("calosim_open_precision: precision \(precision) is none of CALOSIM_PRECISION_FP32 (0), BF16 (1), AUTO (2)",
             to: message, capacity: messageCapacity)
        return Status.argument.rawValue
    }
    return open(folder, chosen, model, message, messageCapacity, function: "calosim_open_precision")
}

@_cdecl("calosim_model_precision")
public func calosim_model_precision(_ model: OpaquePointer?) -> Int32 {
    ModelHandle.from(model)?.embedded.generator.precision == .bf16 ? 1 : 0
}

@_cdecl("calosim_close")
public func calosim_close(_ model: OpaquePointer?) {
    guard let model else { return }
    Unmanaged<ModelHandle>.fromOpaque(UnsafeRawPointer(model)).release()
}

/// An empty C string for NULL handles.
private let empty: StaticString = ""

@_cdecl("calosim_last_error")
public func calosim_last_error(_ model: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let handle = ModelHandle.from(model) else { return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self) }
    return handle.lastError
}

@_cdecl("calosim_model_id")
public func calosim_model_id(_ model: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let handle = ModelHandle.from(model) else { return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self) }
    return UnsafePointer(handle.modelId)
}

@_cdecl("calosim_cell_count")
public func calosim_cell_count(_ model: OpaquePointer?) -> Int {
    ModelHandle.from(model)?.embedded.cellCount ?? 0
}

@_cdecl("calosim_layer_count")
public func calosim_layer_count(_ model: OpaquePointer?) -> Int {
    ModelHandle.from(model)?.embedded.geometry.layers.count ?? 0
}

@_cdecl("calosim_layer_shape")
public func calosim_layer_shape(_ model: OpaquePointer?, _ layer: Int, _ rows: UnsafeMutablePointer<Int>?,
                                _ cols: UnsafeMutablePointer<Int>?, _ firstCell: UnsafeMutablePointer<Int>?,
                                _ zStart: UnsafeMutablePointer<Double>?, _ zEnd: UnsafeMutablePointer<Double>?,
                                _ cellHeight: UnsafeMutablePointer<Double>?, _ cellWidth: UnsafeMutablePointer<Double>?) -> Int32 {
    guard let handle = ModelHandle.from(model) else { return Status.argument.rawValue }
    let layers = handle.embedded.geometry.layers
    guard layer >= 0, layer < layers.count else {
        return handle.finish(.argument, "calosim_layer_shape: layer \(layer) of a geometry of \(layers.count) layers")
    }
    let l = layers[layer]
    rows?.pointee = l.rows
    cols?.pointee = l.cols
    firstCell?.pointee = l.firstCell
    zStart?.pointee = l.zStartMM
    zEnd?.pointee = l.zEndMM
    cellHeight?.pointee = l.cellHeightMM
    cellWidth?.pointee = l.cellWidthMM
    return handle.finish(.ok)
}

@_cdecl("calosim_condition_count")
public func calosim_condition_count(_ model: OpaquePointer?) -> Int {
    ModelHandle.from(model)?.embedded.generator.configuration.condition.width ?? 0
}

@_cdecl("calosim_energy_range")
public func calosim_energy_range(_ model: OpaquePointer?, _ minimum: UnsafeMutablePointer<Double>?,
                                 _ maximum: UnsafeMutablePointer<Double>?, _ particle: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let handle = ModelHandle.from(model) else { return Status.argument.rawValue }
    let c = handle.embedded.generator.configuration
    minimum?.pointee = Double(c.condition.energy.minimumMeV)
    maximum?.pointee = Double(c.condition.energy.maximumMeV)
    particle?.pointee = c.particle?.pdgCode ?? 0
    return handle.finish(.ok)
}

@_cdecl("calosim_generate")
public func calosim_generate(_ model: OpaquePointer?, _ energies: UnsafePointer<Float>?, _ count: Int, _ seed: UInt64,
                             _ firstIndex: UInt64, _ cells: UnsafeMutablePointer<Float>?, _ capacity: Int) -> Int32 {
    guard let handle = ModelHandle.from(model) else { return Status.argument.rawValue }
    guard let energies, let cells else {
        return handle.finish(.argument, "calosim_generate: \(energies == nil ? "incident_energy_mev" : "cells") is NULL")
    }
    guard count >= 0, capacity >= 0 else {
        return handle.finish(.argument, "calosim_generate: count \(count) or capacity \(capacity) beyond the address space")
    }
    do {
        try handle.embedded.generate(incidentMeV: UnsafeBufferPointer(start: energies, count: count), seed: seed, firstIndex: firstIndex,
                                     into: UnsafeMutableBufferPointer(start: cells, count: capacity))
        return handle.finish(.ok)
    } catch {
        return handle.finish(Status(error), "calosim_generate: \(error)")
    }
}

@_cdecl("calosim_generate_conditions")
public func calosim_generate_conditions(_ model: OpaquePointer?, _ particles: UnsafePointer<Int32>?, _ energies: UnsafePointer<Float>?,
                                        _ theta: UnsafePointer<Float>?, _ phi: UnsafePointer<Float>?, _ impact: UnsafePointer<Float>?,
                                        _ count: Int, _ seed: UInt64, _ firstIndex: UInt64,
                                        _ cells: UnsafeMutablePointer<Float>?, _ capacity: Int) -> Int32 {
    guard let handle = ModelHandle.from(model) else { return Status.argument.rawValue }
    guard let energies, let cells else {
        return handle.finish(.argument, "calosim_generate_conditions: \(energies == nil ? "incident_energy_mev" : "cells") is NULL")
    }
    guard count >= 0, capacity >= 0, count <= Int.max / 2 else {
        return handle.finish(.argument, "calosim_generate_conditions: count \(count) or capacity \(capacity) beyond the address space")
    }
    let configuration = handle.embedded.generator.configuration
    var conditions: [ShowerConditions] = []
    conditions.reserveCapacity(count)
    for k in 0..<count {
        var particle = configuration.particle
        if let particles {
            guard let p = Particle(pdgCode: particles[k]) else {
                return handle.finish(.argument, "calosim_generate_conditions: particle_pdg[\(k)] = \(particles[k]) is not e- (11), e+ (-11) or gamma (22)")
            }
            particle = p
        }
        conditions.append(ShowerConditions(particle: particle, incidentEnergyMeV: energies[k], thetaRadians: theta?[k] ?? 0,
                                           phiRadians: phi?[k] ?? 0, impactXMM: impact?[2 * k] ?? 0, impactYMM: impact?[2 * k + 1] ?? 0))
    }
    do {
        try handle.embedded.generate(conditions: conditions, seed: seed, firstIndex: firstIndex,
                                     into: UnsafeMutableBufferPointer(start: cells, count: capacity))
        return handle.finish(.ok)
    } catch {
        return handle.finish(Status(error), "calosim_generate_conditions: \(error)")
    }
}
