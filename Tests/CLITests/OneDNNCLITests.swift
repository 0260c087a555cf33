import CaloData
import Foundation
import XCTest
import _TestSupport

/// The bf16 kernel choice on the command line: `calosim info` says which runs and why, forcing
/// oneDNN where it does not load stops with one line (nothing written), generation on oneDNN
/// gives the same bytes whatever the batch size and threads, and `bench generate` times both
/// kernels in one run.
final class OneDNNCLITests: XCTestCase {
    private func requireBF16(_ info: String) throws {
        guard info.contains("matrix units:") && info.contains("AVX512-BF16") else { throw XCTSkip("this CPU has no AVX512-BF16") }
    }

    func testInfoNamesTheBF16KernelAndForcingAMissingOneDNNIsRefused() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["CALOSIM_BF16_KERNEL"] = nil
        let info = try CLI.run(["info"], environment: environment)
        XCTAssertEqual(info.status, 0, info.stderr)
        try requireBF16(info.stdout)
        let kernelLine = info.stdout.split(separator: "\n").first { $0.hasPrefix("bf16 kernel:") } ?? ""
        let amx = info.stdout.contains("AMX-BF16,")
        XCTAssertTrue(amx ? kernelLine.contains("tiles") : kernelLine.contains("(calosim) (no AMX-BF16 tiles"), String(kernelLine))
        XCTAssertTrue(info.stdout.contains("\noneDNN:        "), info.stdout)

        let folder = try TemporaryFolder.make("calosim-nodnnl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nowhere/libdnnl.so.2").path, out = folder.appendingPathComponent("gen.h5").path
        environment["CALOSIM_ONEDNN"] = missing
        environment["CALOSIM_BF16_KERNEL"] = "onednn"
        let r = try CLI.run(["generate", "--energy", "50", "--n", "10", "--precision", "bf16", "--quiet", "--out", out], environment: environment)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("could not load oneDNN (\(missing)") && r.stderr.contains("libdnnl2"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "generate left an output file behind")
    }

    /// The shipped model on oneDNN: batch 1 on one thread against batches of 1000 on two (calls of
    /// several threads at once, each with its own scratch memory), the same showers byte for byte.
    func testGenerationOnOneDNNDoesNotDependOnBatchOrThreads() throws {
        let info = try CLI.run(["info"])
        try requireBF16(info.stdout)
        guard info.stdout.contains("oneDNN:        libdnnl") || info.stdout.contains("oneDNN:        /") else {
            throw XCTSkip("oneDNN not loaded")
        }
        let folder = try TemporaryFolder.make("calosim-dnnl-generate")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["CALOSIM_BF16_KERNEL"] = "onednn"
        var files: [ShowerBatch] = []
        for (batch, threads) in [("1", "1"), ("1000", "2"), ("77", "2")] {
            let out = folder.appendingPathComponent("gen-\(batch).h5")
            let r = try CLI.run(["generate", "--energy", "50", "--n", "2000", "--seed", "5", "--precision", "bf16", "--batch-size", batch,
                                 "--threads", threads, "--quiet", "--out", out.path], environment: environment)
            XCTAssertEqual(r.status, 0, r.stderr)
            files.append(try ShowerFileReader(url: out).readAll())
        }
        for (file, name) in zip(files.dropFirst(), ["batch 1000, 2 threads", "batch 77, 2 threads"]) {
            let first = zip(file.cellEnergiesMeV, files[0].cellEnergiesMeV).enumerated().first { $0.element.0.bitPattern != $0.element.1.bitPattern }
            XCTAssertNil(first, "\(name) against batch 1: first differing cell value at \(first?.offset ?? 0)")
        }
    }

    func testBenchGenerateTimesBothKernelsInOneRun() throws {
        let info = try CLI.run(["info"])
        try requireBF16(info.stdout)
        guard info.stdout.contains("oneDNN:        libdnnl") || info.stdout.contains("oneDNN:        /") else {
            throw XCTSkip("oneDNN not loaded: \(info.stdout.split(separator: "\n").first { $0.hasPrefix("oneDNN:") } ?? "")")
        }
        let r = try CLI.run(["bench", "generate", "--precision", "bf16", "--bf16-kernels", "calosim,onednn", "--batches", "1,20",
                             "--seconds", "0.01", "--threads", "2", "--no-onnxruntime"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("kernel AVX512-BF16 vdpbf16ps 6x64 (calosim)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("kernel oneDNN 2."), r.stdout)
        XCTAssertTrue(r.stdout.contains("       1  onednn/calosim: mean ") && r.stdout.contains("      20  onednn/calosim: mean "), r.stdout)
        let fp32 = try CLI.run(["bench", "generate", "--precision", "fp32", "--bf16-kernels", "onednn", "--seconds", "0.01"])
        XCTAssertEqual(fp32.status, 64, fp32.stderr)
        XCTAssertTrue(fp32.stderr.contains("--bf16-kernels times bf16 products"), fp32.stderr)
    }
}
