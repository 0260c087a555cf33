import CaloBLAS
import CaloSupport
import CaloTensor

/// Thread count of the tensor engine: OpenBLAS's and the elementwise kernels'.
public enum EngineThreads {
    public static func set(_ n: Int) {
        require(n > 0, "EngineThreads.set: \(n)")
        BLAS.threads = n
        TensorConfiguration.threads = n
    }
}
