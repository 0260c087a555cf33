import Dispatch

/// Time per shower of the reference simulator and of the generator at several batch sizes.
/// The caller measures them (the simulator by timing `calosim simulate`, the generator by
/// timing generation at batch 1, 10, 128, 1024, 10000) and passes them in.
public struct TimingTable: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        /// What was timed ("reference simulator", "generator, batch 128").
        public var label: String
        /// Batch size (1 for the simulator).
        public var batchSize: Int
        /// Wall time per shower, ms.
        public var msPerShower: Double

        public init(label: String, batchSize: Int, msPerShower: Double) {
            self.label = label
            self.batchSize = batchSize
            self.msPerShower = msPerShower
        }
    }

    /// The reference simulator, ms per shower (nil when not measured).
    public var referenceMsPerShower: Double?
    /// Generator entries, one per batch size.
    public var generator: [Entry]
    /// Threads used for the measurements.
    public var threads: Int

    public init(referenceMsPerShower: Double?, generator: [Entry], threads: Int) {
        self.referenceMsPerShower = referenceMsPerShower
        self.generator = generator
        self.threads = threads
    }

    /// Reference time / generator time per entry (nil without a reference time).
    public var speedUps: [Double]? {
        guard let r = referenceMsPerShower else { return nil }
        return generator.map { r / $0.msPerShower }
    }
}

extension TimingTable {
    /// CaloGAN's timing-table batch sizes: 1, 10, 128, 1024, 10000.
    public static let standardBatchSizes = [1, 10, 128, 1024, 10_000]

    /// Times `generate(n)` (which must make n showers) at each batch size: one untimed warm-up
    /// call, then calls until `minimumSeconds` have passed (at least one); returns ms per shower.
    public static func measure(label: String, batchSizes: [Int] = standardBatchSizes, minimumSeconds: Double = 1,
                               generate: (Int) throws -> Void) rethrows -> [Entry] {
        var entries = [Entry]()
        for n in batchSizes {
            try generate(n)
            var calls = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                try generate(n)
                calls += 1
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            } while elapsed < minimumSeconds
            entries.append(Entry(label: label, batchSize: n, msPerShower: elapsed * 1000 / Double(calls * n)))
        }
        return entries
    }
}
