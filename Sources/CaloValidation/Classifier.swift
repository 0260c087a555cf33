/// Classifier two-sample test (to be implemented on CaloNN).
enum ClassifierTest {
    static func run(reference: ShowerSample, generated: ShowerSample, referenceObservables: [[Float]],
                    generatedObservables: [[Float]], options: ClassifierOptions, threads: Int,
                    log: (String) -> Void) throws -> [ClassifierResult] {
        []
    }
}
