import ArgumentParser
import CaloBLAS
import CaloSupport

/// `--precision fp32|bf16|auto` (README, "Precision").
extension InferencePrecision: ExpressibleByArgument {}

/// The option shared by generate, bench generate and bench engine.
struct PrecisionOption: ParsableArguments {
    @Option(help: "Arithmetic of inference: auto (default: bf16 where the CPU has AVX512-BF16, else fp32), fp32 (the reference) or bf16 (weights and activations in bfloat16, fp32 accumulation; needs AVX512-BF16).")
    var precision = Choice(InferencePrecision.auto, text: "auto")

    /// The precision asked for; an unknown name is refused in one line.
    func get() throws -> InferencePrecision {
        try precision.get { CalosimError.badInput("--precision must be fp32, bf16 or auto (got '\($0)')") }
    }

    func validate() throws { _ = try get().resolved() }
}
