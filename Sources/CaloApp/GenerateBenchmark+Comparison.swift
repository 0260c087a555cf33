import CaloBLAS
import CaloSupport
import Foundation

extension GenerateBenchmark {
    /// Parses `--bf16-kernels` ("calosim,onednn"): the kernels to time one after the other.
    public static func bf16Kernels(_ list: String) throws(CalosimError) -> [BF16Kernel] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var kernels: [BF16Kernel] = []
        for name in names {
            guard let kernel = BF16Kernel(rawValue: name) else {
                throw CalosimError.badInput("--bf16-kernels takes calosim and onednn separated by commas (got '\(list)')")
            }
            if !kernels.contains(kernel) { kernels.append(kernel) }
        }
        guard !kernels.isEmpty else { throw CalosimError.badInput("--bf16-kernels is empty") }
        return kernels
    }

    /// Each result's time per shower against the first's (the baseline) at every batch size they
    /// share: mean over all calls and fastest call, e.g.
    /// "   10000   oneDNN/calosim: mean 0.93x, fastest call 0.95x" (below 1: faster than the baseline).
    public static func ratioLines(_ results: [Result], names: [String]) -> [String] {
        guard let baseline = results.first, results.count > 1 else { return [] }
        var lines = ["time per shower against \(names[0]) (below 1: faster), measured in this run:"]
        for (result, name) in zip(results.dropFirst(), names.dropFirst()) {
            for row in result.rows {
                guard let base = baseline.rows.first(where: { $0.batch == row.batch }) else { continue }
                let fastest = (row.fastestCallMillisecondsPerShower ?? .nan) / (base.fastestCallMillisecondsPerShower ?? .nan)
                lines.append(String(format: "%8d  %@/%@: mean %.2fx, median call %.2fx, fastest call %.2fx", row.batch, name, names[0],
                                    row.millisecondsPerShower / base.millisecondsPerShower,
                                    (row.medianCallMillisecondsPerShower ?? .nan) / (base.medianCallMillisecondsPerShower ?? .nan), fastest))
            }
        }
        return lines
    }
}
