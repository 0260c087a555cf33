import ArgumentParser
import CaloApp
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a trained generator as one ONNX graph (for ONNX Runtime, Geant4, ...).",
        discussion: """
            Example: calosim export --model models/eminus --out Generator.onnx
            The graph maps noise [N, latent] (standard normal) and incident_energy [N, 1] (MeV) to \
            showers [N, cells] (MeV, the geometry's cell order); the condition's normalisation, the \
            generator's head, the inverse cell transform and the response calibration are inside it. \
            Without --model, the shipped model. --convention par04 writes the interface of Geant4's \
            Par04 example (one input: noise, E / 1024 GeV, theta / 90 deg, geometry one-hot; output the \
            cell energies over E, r slowest, z fastest) and prints the macro lines that load it; it needs \
            a model of a polar readout with Par04's uniform mesh (par04-ds2, par04-ds3).
            """)

    @Option(help: "Model folder (default: the shipped model).")
    var model: String?

    @Option(name: .customLong("out"), help: "Output ONNX file.")
    var out: String

    @Option(help: "Interface of the graph: calosim (default) or par04.")
    var convention: String = "calosim"

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    func request() throws -> ExportJob.Request {
        var r = ExportJob.Request(output: URL(fileURLWithPath: out))
        r.model = model.map { URL(fileURLWithPath: $0) }
        r.convention = try ExportJob.convention(named: convention)
        r.overwrite = overwrite
        return r
    }

    func validate() throws { try request().check() }

    func run() throws {
        let s = try ExportJob(request: try request()).run()
        let calibration = s.calibrated ? ", response calibration inside" : ""
        guard let macro = s.par04Macro else {
            let conditions = s.conditionInputs.map { ", " + $0 }.joined()
            print("wrote \(out) (\(s.bytes) bytes): \(s.modelId), noise [N, \(s.latentDimension)], incident_energy [N, 1] MeV\(conditions) -> "
                  + "showers [N, \(s.cells)] MeV\(calibration)")
            return
        }
        print("wrote \(out) (\(s.bytes) bytes): \(s.modelId) for Geant4 Par04, par04_input [N, \(s.latentDimension + 4)] "
              + "(noise, E / 1024 GeV, theta / 90 deg, geometry one-hot) -> cell_fractions [N, \(s.cells)] "
              + "(cell energy / E, r slowest, z fastest)\(calibration); Par04 macro, after /run/initialize:")
        for line in macro { print(line) }
    }
}
