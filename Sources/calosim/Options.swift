import ArgumentParser
import CaloApp
import CaloSupport

/// Options every long-running subcommand shares.
struct RunOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = Threads.available

    @Flag(help: "No progress output.")
    var quiet = false

    var progressMode: ProgressReporter.Mode { quiet ? .quiet : .automatic }

    func validate() throws {
        guard threads > 0 else { throw CalosimError.badInput("--threads must be > 0 (got \(threads))") }
    }
}

/// Incident energies on the command line, in GeV (a value starting with '-' reaches the check).
struct EnergyOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Fixed incident energy in GeV.")
    var energy: Double?

    @Option(name: .customLong("energy-range"), parsing: .unconditional, help: "Energy range LOW:HIGH in GeV, e.g. 1:100.")
    var energyRange: String?

    @Option(help: "Spectrum over --energy-range: uniform or log.")
    var spectrum = Choice(SpectrumShape.uniform, text: "uniform")

    /// The energies asked for; an unknown spectrum is refused only when a range needs it.
    func request() throws -> EnergyRequest {
        let shape = energyRange == nil ? .uniform : try spectrum.get {
            CalosimError.badInput("--spectrum must be 'uniform' or 'log' (got '\($0)')")
        }
        return EnergyRequest(energyGeV: energy, rangeGeV: energyRange, shape: shape)
    }
}

/// Output file options.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: "Output HDF5 file.")
    var out: String

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @Option(help: "Deflate compression level of the output, 0 (none) to 9.")
    var compression: Int = 1

    func validate() throws {
        guard (0...9).contains(compression) else { throw CalosimError.badInput("--compression must be 0 to 9 (got \(compression))") }
    }
}
