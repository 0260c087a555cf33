import CaloBLAS
import CaloDetector
import CaloMPI
import CaloResources
import CaloSupport
import Foundation

/// What `calosim info` reports: version, geometries, default model, BLAS kernel, threads.
public struct SystemInfo: Sendable {
    public let version: String
    public let geometries: [String]
    public let defaultGeometry: String
    public let defaultModel: String
    public let resourcesFolder: String
    public let blasLibrary: String
    public let blasKernel: String
    public let blasKernelSource: String
    public let blasThreads: Int
    /// `BLAS.rowQuantum` (0 when OpenBLAS is not loaded), and whether the probe verified it.
    public let blasRowQuantum: Int
    public let blasRowQuantumVerified: Bool
    public let cpuFeatures: String
    /// The matrix units found, and the bf16 kernel calosim runs on them (or why none).
    public let matrixUnits: String
    public let bf16Kernel: String
    /// The oneDNN library loaded (version, instruction set) or why none.
    public let oneDNN: String
    /// The fp32 kernel of inference at batch 1 to 4 (or why sgemm does it).
    public let fewRowKernel: String
    /// Where the random numbers' Philox blocks are computed (`PhiloxKernel.best`).
    public let philoxKernel: String
    public let threads: Int
    /// The MPI library linked, and the ranks when an MPI launcher started this process.
    public let mpiLibrary: String
    public let mpiRanks: String

    /// Gathers the facts (loads OpenBLAS if it is not loaded yet).
    public static func gather() -> SystemInfo {
        let loaded = BLAS.isAvailable
        let requested = BLAS.requestedCoreType
        let source: String
        if !loaded {
            source = "not loaded: " + ((try? BLAS.load()).map { _ in "" } ?? "\(Self.loadError())")
        } else if requested.fromUser {
            source = "from CALOSIM_OPENBLAS_CORETYPE=\(requested.name) (the CPU supports it)"
        } else if requested.name.isEmpty {
            source = "OpenBLAS's own detection (no vector extensions found)"
        } else {
            let replaced = requested.replaced.isEmpty || requested.replaced == requested.name ? ""
                : "; the environment's OPENBLAS_CORETYPE=\(requested.replaced) replaced, CALOSIM_OPENBLAS_CORETYPE chooses"
            source = "chosen by calosim from the CPU's features (OPENBLAS_CORETYPE=\(requested.name)\(replaced))"
        }
        let features = BLAS.cpuFeatures
        let model = CaloResources.folder().map { folder -> String in
            let url = folder.appendingPathComponent("Models/\(Geometry.defaultName)-eminus")
            return FileManager.default.fileExists(atPath: url.path) ? url.path : "none shipped yet"
        } ?? "none (Resources folder not found)"
        return SystemInfo(
            version: CalosimVersion.string,
            geometries: Geometry.availableNames(),
            defaultGeometry: Geometry.defaultName,
            defaultModel: model,
            resourcesFolder: CaloResources.folder()?.path ?? "not found",
            blasLibrary: loaded ? BLAS.libraryPath : "not loaded",
            blasKernel: BLAS.coreName ?? "none",
            blasKernelSource: source,
            blasThreads: loaded ? BLAS.threads : 0,
            blasRowQuantum: loaded ? BLAS.rowQuantum : 0,
            blasRowQuantumVerified: loaded ? BLAS.rowQuantumVerified : true,
            cpuFeatures: (features.avx512 ? "AVX-512 " : "") + (features.avx2FMA ? "AVX2 FMA" : "no AVX2"),
            matrixUnits: MatrixUnits.detected.description,
            bf16Kernel: Self.bf16KernelDescription(MatrixUnits.detected),
            oneDNN: OneDNNLinear.isAvailable
                ? "\(OneDNNLinear.library) \(OneDNNLinear.version) (best ISA: \(OneDNNLinear.instructionSet))"
                : "not loaded (\(OneDNNLinear.loadError))",
            fewRowKernel: FewRowLinear.kernelName ?? "none (no AVX2: OpenBLAS sgemm at every batch size)",
            philoxKernel: PhiloxKernel.best.rawValue,
            threads: Threads.available,
            mpiLibrary: MPIWorld.libraryVersion,
            mpiRanks: MPIWorld.launched.map { "\($0.size) (this is rank \($0.rank))" } ?? "none (not started by mpirun; MPI not initialised)")
    }

    /// What `--precision bf16` and `auto` run on `units`.
    static func bf16KernelDescription(_ units: MatrixUnits) -> String {
        guard units.runsBF16 else { return "none (no AVX512-BF16: --precision auto runs fp32, bf16 is refused)" }
        switch BF16Kernel.selected {
        case .success(let kernel): return "\(kernel.name) (\(BF16Kernel.reason(units: units)))"
        case .failure(let error): return "none: \(error)"
        }
    }

    private static func loadError() -> String {
        do { try BLAS.load(); return "" } catch { return "\(error)" }
    }

    /// Human-readable report, one fact per line.
    public var text: String {
        """
        calosim \(version)
        geometries:    \(geometries.joined(separator: ", ")) (default: \(defaultGeometry))
        default model: \(defaultModel)
        resources:     \(resourcesFolder)
        BLAS library:  \(blasLibrary)
        BLAS kernel:   \(blasKernel) (\(blasKernelSource))
        BLAS threads:  \(blasThreads)
        BLAS rows:     tiles of multiples of \(blasRowQuantum) rows (\(blasRowQuantumVerified
            ? "each row summed alike whatever the batch"
            : "no quantum verified: fp32 rows may differ in their last bits between batch sizes; bf16 does not"))
        CPU features:  \(cpuFeatures)
        matrix units:  \(matrixUnits)
        bf16 kernel:   \(bf16Kernel)
        oneDNN:        \(oneDNN)
        fp32 1-4 rows: \(fewRowKernel)
        Philox kernel: \(philoxKernel) (the same random numbers on every kernel)
        threads:       \(threads)
        MPI library:   \(mpiLibrary)
        MPI ranks:     \(mpiRanks)
        """
    }
}
