import CaloSupport
import Foundation
import _CMPI

/// The ranks an MPI launcher started (`mpirun -np N calosim ...`, or `srun` with PMIx), as a
/// `ProcessGroup` over `MPI_COMM_WORLD` (Open MPI).
///
/// MPI is initialised only when a launcher started the process (`isLaunched`), on first use of
/// `launched`, and finalised at exit. A plain `calosim` run never initialises MPI (no singleton
/// MPI): it behaves exactly as without MPI. Collectives are called from one thread at a time
/// (`MPI_THREAD_SERIALIZED`); the engine's worker threads never call MPI.
public final class MPIWorld: ProcessGroup, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    public let transport: String
    /// Wall time spent in `sum` (MPI_Allreduce), seconds; with `floatsReduced` and `sumCalls`,
    /// what the training summary reports.
    public private(set) var sumSeconds = 0.0
    public private(set) var floatsReduced = 0
    public private(set) var sumCalls = 0
    private let comm: MPI_Comm

    /// True when an MPI launcher started this process: Open MPI's mpirun sets
    /// OMPI_COMM_WORLD_SIZE, a PMIx launcher (srun --mpi=pmix) PMIX_RANK.
    public static var isLaunched: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil
    }

    /// The launched world (MPI initialised on first use), or nil when no launcher started the process.
    public static let launched: MPIWorld? = isLaunched ? MPIWorld() : nil

    /// The MPI library linked, as it names itself (`MPI_Get_library_version`, callable before
    /// initialisation), first line. Open MPI counts the terminating NUL in the length it
    /// returns; the text ends at the first NUL.
    public static var libraryVersion: String {
        var buffer = [CChar](repeating: 0, count: Int(calosim_MPI_MAX_LIBRARY_VERSION_STRING()) + 1)
        var length: Int32 = 0
        MPI_Get_library_version(&buffer, &length)
        let bytes = buffer.prefix(Int(length)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? text
    }

    private init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, calosim_MPI_THREAD_SERIALIZED(), &provided)
        atexit {
            var finalized: Int32 = 0
            MPI_Finalized(&finalized)
            if finalized == 0 { MPI_Finalize() }
        }
        comm = calosim_MPI_COMM_WORLD()
        var r: Int32 = 0, n: Int32 = 0
        MPI_Comm_rank(comm, &r)
        MPI_Comm_size(comm, &n)
        rank = Int(r)
        size = Int(n)
        transport = Self.libraryVersion
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Float>) {
        require(values.count < Int(Int32.max), "MPIWorld.sum: \(values.count) floats in one call")
        let start = ProgressReporter.now()
        MPI_Allreduce(calosim_MPI_IN_PLACE(), values.baseAddress, Int32(values.count), calosim_MPI_FLOAT(), calosim_MPI_SUM(), comm)
        sumSeconds += ProgressReporter.now() - start
        floatsReduced += values.count
        sumCalls += 1
    }

    public func allGather(_ values: [UInt64]) -> [UInt64] {
        var all = [UInt64](repeating: 0, count: values.count * size)
        var send = values
        MPI_Allgather(&send, Int32(values.count), calosim_MPI_UINT64_T(), &all, Int32(values.count), calosim_MPI_UINT64_T(), comm)
        return all
    }

    public func broadcast(_ bytes: [UInt8], root: Int) -> [UInt8] {
        require(root >= 0 && root < size, "MPIWorld.broadcast: root \(root) of \(size) ranks")
        var buffer = bytes
        MPI_Bcast(&buffer, Int32(buffer.count), calosim_MPI_BYTE(), Int32(root), comm)
        return buffer
    }
}
