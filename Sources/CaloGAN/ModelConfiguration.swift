import CaloDetector
import CaloSupport
import Foundation

/// What a model folder says about its model (`model.json`): what it was trained on and how.
///
/// A model folder holds `model.json` and `generator.safetensors` (the weights used for
/// generation; with EMA, the averaged weights). Training folders also hold `checkpoint/`,
/// `best/` (a complete model folder: the best checkpoint) and `train_log.csv`.
/// Format version 2 adds an optional `responseCalibration` (written by `calosim calibrate`);
/// version 3 a condition beyond the energy (`ConditionEncoding`: several species, a direction,
/// an impact point) and per-species calibrations (`speciesCalibrations`). A folder is written
/// with the lowest version that holds it, so a model of one species at normal incidence without
/// calibration is still version 1.
public struct ModelConfiguration: Codable, Sendable, Equatable {
    public static let formatName = "calosim-model"
    /// The layout version this build writes and reads.
    public static let currentFormatVersion = 3
    public static let fileName = "model.json"
    public static let generatorWeightsFileName = "generator.safetensors"

    public var format = ModelConfiguration.formatName
    /// 1; 2 with a response calibration; 3 with a condition beyond the energy or per-species calibrations.
    public private(set) var formatVersion = 1
    /// A stable identifier written into every generated file ("calogan-eminus-it41000-3f2a9c1e").
    public var modelId: String
    public var geometryName: String
    public var geometryJSON: String
    public var cellCount: Int
    /// Cells per readout layer, in order.
    public var layerCells: [Int]
    /// The species of the showers the model was trained on; nil when the training file did not
    /// record it, or when it held several (`condition.particles`). Stored in `model.json` as its PDG code (0: not recorded).
    public var particle: Particle? {
        get {
            do { return try Particle(recordedCode: particleCode) } catch { requirementFailed("ModelConfiguration: \(error)") }
        }
        set { particleCode = newValue?.pdgCode ?? Particle.notRecordedCode }
    }
    /// `particle` as stored: a PDG code, checked by `load(folder:)`.
    private var particleCode: Int32
    /// The condition vector's entries and normalisations.
    public var condition: ConditionEncoding {
        didSet { formatVersion = requiredFormatVersion }
    }
    public var hyperparameters: GANHyperparameters
    /// Generator iterations behind these weights.
    public var iteration: Int
    /// The training file and its seed, for provenance.
    public var trainingData: String
    public var trainingDataSeed: UInt64
    public var calosimVersion = CalosimVersion.string
    /// The second stage for the total response, if the model was calibrated.
    public var responseCalibration: ResponseCalibration? {
        didSet { formatVersion = requiredFormatVersion }
    }
    /// One calibration per species, for a model of several (`calosim calibrate` fits each on its
    /// species' showers); nil otherwise.
    public var speciesCalibrations: [SpeciesCalibration]? {
        didSet { formatVersion = requiredFormatVersion }
    }

    /// The lowest format version that holds this configuration.
    private var requiredFormatVersion: Int {
        if condition != ConditionEncoding(energy: condition.energy) || speciesCalibrations != nil { return 3 }
        return responseCalibration == nil ? 1 : 2
    }

    /// The calibration for showers of `particle`: the model's single one, or its species'.
    public func calibration(for particle: Particle?) -> ResponseCalibration? {
        if let responseCalibration { return responseCalibration }
        return speciesCalibrations?.first { $0.particle == particle }?.calibration
    }

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion, modelId, geometryName, geometryJSON, cellCount, layerCells
        case particleCode = "particle"
        case condition, hyperparameters, iteration, trainingData, trainingDataSeed, calosimVersion, responseCalibration
        case speciesCalibrations
    }

    /// A model conditioned on the energy alone.
    public init(modelId: String, geometry: Geometry, particle: Particle?, condition: EnergyCondition,
                hyperparameters: GANHyperparameters, iteration: Int, trainingData: String, trainingDataSeed: UInt64) {
        self.init(modelId: modelId, geometry: geometry, particle: particle, encoding: ConditionEncoding(energy: condition),
                  hyperparameters: hyperparameters, iteration: iteration, trainingData: trainingData, trainingDataSeed: trainingDataSeed)
    }

    /// A model conditioned on `encoding`; `particle` nil where it holds several species.
    public init(modelId: String, geometry: Geometry, particle: Particle?, encoding condition: ConditionEncoding,
                hyperparameters: GANHyperparameters, iteration: Int, trainingData: String, trainingDataSeed: UInt64) {
        require(condition.particles == nil || particle == nil, "ModelConfiguration: one particle and a one-hot of several")
        self.modelId = modelId
        self.geometryName = geometry.name
        self.geometryJSON = geometry.json
        self.cellCount = geometry.cellCount
        self.layerCells = geometry.cellsPerLayer
        self.particleCode = particle?.pdgCode ?? Particle.notRecordedCode
        self.condition = condition
        self.hyperparameters = hyperparameters
        self.iteration = iteration
        self.trainingData = trainingData
        self.trainingDataSeed = trainingDataSeed
        formatVersion = requiredFormatVersion
    }

    /// The geometry the model was trained in.
    public func geometry() throws -> Geometry { try Geometry(json: geometryJSON) }

    /// Reads and checks `model.json` in `folder`.
    /// - Throws: a one-line message for a missing folder or file, another format, a newer
    ///   version, or malformed content.
    public static func load(folder: URL) throws -> ModelConfiguration {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw CalosimError.badFile(path: folder.path, reason: "model folder not found")
        }
        let url = folder.appendingPathComponent(fileName)
        guard let data = fm.contents(atPath: url.path) else {
            throw CalosimError.badFile(path: folder.path, reason: "not a calosim model folder (no \(fileName))")
        }
        struct Header: Decodable { let format: String?; let formatVersion: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw CalosimError.badFile(path: url.path, reason: "not valid JSON (truncated?)")
        }
        guard header.format == formatName else {
            throw CalosimError.badFile(path: url.path, reason: "not a calosim model (format '\(header.format.map { String($0.prefix(40)) } ?? "none")')")
        }
        guard let version = header.formatVersion, version <= currentFormatVersion else {
            throw CalosimError.badFile(path: url.path, reason:
                "model format version \(header.formatVersion.map(String.init) ?? "missing") is not one this calosim reads (\(currentFormatVersion)); update calosim")
        }
        let configuration: ModelConfiguration
        do {
            configuration = try JSONDecoder().decode(ModelConfiguration.self, from: data)
        } catch {
            throw CalosimError.badFile(path: url.path, reason: "malformed model description (\(error))")
        }
        do {
            _ = try Particle(recordedCode: configuration.particleCode)
        } catch {
            throw CalosimError.badFile(path: url.path, reason: "\(error)")
        }
        if let problem = configuration.consistencyProblem() ?? configuration.responseCalibration?.check() {
            throw CalosimError.badFile(path: url.path, reason: problem)
        }
        return configuration
    }

    /// Writes `model.json` into `folder` atomically.
    public func save(folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName), overwrite: true)
    }

    /// Refuses a geometry other than the model's, with a message naming both.
    public func checkGeometry(_ other: Geometry, what: String) throws {
        let mine = try geometry()
        guard mine.sameReadout(as: other) || geometryJSON == other.json else {
            throw CalosimError.mismatch(
                "model was trained for geometry '\(geometryName)' (\(cellCount) cells), \(what) has '\(other.name)' (\(other.cellCount) cells)")
        }
    }
}
