import ArgumentParser
import CaloApp
import CaloData
import CaloSupport
import Foundation

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Concatenate shower files of one geometry (e.g. shards made with simulate --first-shower).",
        discussion: """
            Example: calosim simulate --seed 7 --n 5000 --first-shower 0 --out a.h5 ... (and 5000, 10000, ...)
                     calosim merge a.h5 b.h5 c.h5 --out all.h5
            Shards of one seed are ordered by their first shower and must be contiguous; the result \
            equals a single run of the same seed.
            """)

    @Argument(help: "Input HDF5 files.")
    var inputs: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard inputs.count >= 2 else { throw CalosimError.badInput("merge needs at least two input files") }
        for path in inputs where !FileManager.default.fileExists(atPath: path) {
            throw CalosimError.badFile(path: path, reason: "no such file")
        }
        try OutputCheck.check(URL(fileURLWithPath: output.out), overwrite: output.overwrite)
    }

    func run() throws {
        try ShowerFileProbe.check(inputs.map { URL(fileURLWithPath: $0) })
        let n = try ShowerFileMerger.merge(inputs.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output.out),
                                           overwrite: output.overwrite, commandLine: CommandLine.arguments.joined(separator: " "))
        print("wrote \(n) showers to \(output.out)")
    }
}
