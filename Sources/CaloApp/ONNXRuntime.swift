import CaloSupport
import Foundation

/// ONNX Runtime (PyPI `onnxruntime`) on an exported graph, through a `python3` child process:
/// to check an export against calosim's own generator and to time it beside calosim.
///
/// Optional: where `python3` cannot import `onnx` and `onnxruntime`, `versions()` is nil and the
/// callers say so (`pip install onnx onnxruntime`; `scripts/setup.sh` installs both).
public enum ONNXRuntime {
    /// The Python interpreter (`CALOSIM_PYTHON` overrides `python3`).
    public static var python: String { ProcessInfo.processInfo.environment["CALOSIM_PYTHON"] ?? "python3" }

    /// "onnx X, onnxruntime Y" when both import, else nil.
    public static func versions() -> String? {
        guard let out = try? python(["-c", "import onnx, onnxruntime; print('onnx', onnx.__version__ + ', onnxruntime', onnxruntime.__version__)"]),
              out.status == 0 else { return nil }
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `onnx.checker.check_model` (full check) on `model`, then feeds it `noise` [N, latent],
    /// `energies` [N] MeV and the named `conditions` ([N, columns] each: `ONNXExport.conditionInputs`)
    /// and returns `showers` [N, cells] (MeV).
    public static func run(model: URL, noise: [Float], energiesMeV: [Float], latent: Int, cells: Int, threads: Int = 1,
                           conditions: [(name: String, values: [Float], columns: Int)] = []) throws -> [Float] {
        require(noise.count == energiesMeV.count * latent, "ONNXRuntime.run: \(noise.count) noise values for \(energiesMeV.count) x \(latent)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-ort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let z = folder.appendingPathComponent("noise.f32"), e = folder.appendingPathComponent("energy.f32")
        let y = folder.appendingPathComponent("showers.f32")
        try noise.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: z)
        try energiesMeV.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: e)
        var extra = [String]()
        for (k, c) in conditions.enumerated() {
            require(c.values.count == energiesMeV.count * c.columns, "ONNXRuntime.run: \(c.values.count) values of \(c.name) for \(energiesMeV.count) x \(c.columns)")
            let url = folder.appendingPathComponent("condition\(k).f32")
            try c.values.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: url)
            extra.append("\(c.name):\(c.columns):\(url.path)")
        }
        let out = try python(["-c", script, "run", model.path, z.path, e.path, String(latent), y.path, String(threads)] + extra)
        guard out.status == 0 else { throw CalosimError.environment("ONNX Runtime failed on \(model.path): \(out.stderr.suffix(2000))") }
        let data = try Data(contentsOf: y)
        guard data.count == energiesMeV.count * cells * 4 else {
            throw CalosimError.mismatch("ONNX Runtime returned \(data.count / 4) values, expected \(energiesMeV.count) x \(cells)")
        }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// As Geant4 Par04's `Par04OnnxInference::RunInference`: after `onnx.checker.check_model`,
    /// feeds each row of `rows` [N, width] as a [1, width] tensor to the graph's only input
    /// (whatever its name) and returns the first `cells` values of the first output of each call,
    /// [N, cells]. A graph with more than one input is refused (Par04 feeds one).
    public static func runPar04(model: URL, rows: [Float], width: Int, cells: Int) throws -> [Float] {
        require(width > 0 && rows.count % width == 0, "ONNXRuntime.runPar04: \(rows.count) values in rows of \(width)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-ort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = folder.appendingPathComponent("input.f32"), y = folder.appendingPathComponent("cells.f32")
        try rows.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: x)
        let out = try python(["-c", script, "par04", model.path, x.path, String(width), String(cells), y.path])
        guard out.status == 0 else { throw CalosimError.environment("ONNX Runtime failed on \(model.path): \(out.stderr.suffix(2000))") }
        let data = try Data(contentsOf: y)
        guard data.count == rows.count / width * cells * 4 else {
            throw CalosimError.mismatch("ONNX Runtime returned \(data.count / 4) values, expected \(rows.count / width) x \(cells)")
        }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Milliseconds per shower of ONNX Runtime (CPU provider, `threads` intra-op threads) on
    /// `model` at each batch size: one untimed call, then repeats for at least `minimumSeconds`.
    public static func benchmark(model: URL, latent: Int, batches: [Int], minimumSeconds: Double, threads: Int) throws -> [(batch: Int, milliseconds: Double)] {
        let out = try python(["-c", script, "bench", model.path, String(latent), batches.map(String.init).joined(separator: ","),
                              String(minimumSeconds), String(threads)])
        guard out.status == 0 else { throw CalosimError.environment("ONNX Runtime failed on \(model.path): \(out.stderr.suffix(2000))") }
        return out.stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let b = Int(parts[0]), let ms = Double(parts[1]) else { return nil }
            return (b, ms)
        }
    }

    private static func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a child filling one while the other is read cannot block.
        final class Box: @unchecked Sendable { var data = Data() }
        let stderrData = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdoutData, as: UTF8.self), String(decoding: stderrData.data, as: UTF8.self))
    }

    /// The child's program: `run MODEL NOISE ENERGY LATENT OUT THREADS [NAME:COLUMNS:FILE ...]`, `par04 MODEL INPUT WIDTH CELLS OUT` or
    /// `bench MODEL LATENT BATCHES SECONDS THREADS` (prints "batch ms_per_shower" lines).
    private static let script = """
        import sys, time
        import numpy as np
        import onnx, onnxruntime as ort
        def session(path, threads):
            o = ort.SessionOptions()
            o.intra_op_num_threads = threads
            o.inter_op_num_threads = 1
            return ort.InferenceSession(path, o, providers=["CPUExecutionProvider"])
        mode = sys.argv[1]
        if mode == "run":
            path, zp, ep, latent, outp, threads = sys.argv[2:8]
            onnx.checker.check_model(onnx.load(path), full_check=True)
            e = np.fromfile(ep, dtype=np.float32).reshape(-1, 1)
            z = np.fromfile(zp, dtype=np.float32).reshape(e.shape[0], int(latent))
            feed = {"noise": z, "incident_energy": e}
            for spec in sys.argv[8:]:
                name, columns, cp = spec.split(":", 2)
                feed[name] = np.fromfile(cp, dtype=np.float32).reshape(e.shape[0], int(columns))
            y = session(path, int(threads)).run(["showers"], feed)[0]
            np.ascontiguousarray(y, dtype=np.float32).tofile(outp)
        elif mode == "par04":
            path, xp, width, cells, outp = sys.argv[2:7]
            onnx.checker.check_model(onnx.load(path), full_check=True)
            s = session(path, 1)
            if len(s.get_inputs()) != 1:
                sys.exit("the graph has %d inputs; Par04 feeds one" % len(s.get_inputs()))
            name = s.get_inputs()[0].name
            x = np.fromfile(xp, dtype=np.float32).reshape(-1, int(width))
            rows = [s.run(None, {name: x[i:i + 1]})[0].reshape(-1)[:int(cells)] for i in range(x.shape[0])]
            np.ascontiguousarray(np.stack(rows), dtype=np.float32).tofile(outp)
        else:
            path, latent, batches, seconds, threads = sys.argv[2:7]
            s = session(path, int(threads))
            rng = np.random.default_rng(3)
            for b in [int(x) for x in batches.split(",")]:
                z = rng.standard_normal((b, int(latent))).astype(np.float32)
                e = np.linspace(1000, 100000, b, dtype=np.float32).reshape(b, 1)
                feed = {"noise": z, "incident_energy": e}
                s.run(["showers"], feed)
                calls, start = 0, time.perf_counter()
                while True:
                    s.run(["showers"], feed)
                    calls += 1
                    elapsed = time.perf_counter() - start
                    if elapsed >= float(seconds):
                        break
                print(b, 1000 * elapsed / (calls * b), flush=True)
        """
}
