import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

extension ValidationJob.Request {
    /// The request with the defaults in place: no reference, the held-out sample of the recipe
    /// (simulated shard by shard into its data folder when missing, with a time estimate first);
    /// neither a generated file nor a model, the shipped model.
    public func withDefaults() throws -> ValidationJob.Request {
        var r = self
        if r.generated == nil && r.model == nil {
            guard let shipped = TrainedGenerator.shippedModelFolder() else {
                throw CalosimError.environment("no model shipped in Resources/Models; pass --model DIR or --generated FILE")
            }
            r.model = shipped
        }
        if r.reference == nil { r.reference = try heldOutReference() }
        return r
    }

    /// The recipe's held-out sample: its file, simulated first if it is not complete.
    public func heldOutReference() throws -> URL {
        let recipe = try DefaultModelRecipe.load(self.recipe)
        let geometry = try Geometry.resolve(recipe.geometry)
        var sample = ShardedSample(geometry: geometry, particle: recipe.particle, spectrum: recipe.spectrum,
                                   showers: recipe.heldOut.showers, seed: recipe.heldOut.seed,
                                   showersPerShard: recipe.showersPerShard, output: recipe.heldOutURL)
        sample.threads = threads
        sample.progress = verbose ? .automatic : .quiet
        let say: (String) -> Void = { [verbose] line in
            if verbose { FileHandle.standardError.write(Data(("validate: " + line + "\n").utf8)) }
        }
        sample.log = say
        let missing = try sample.missingShowers()
        if missing > 0 {
            let s = try TimeEstimate.simulation(geometry: geometry, particle: recipe.particle, spectrum: recipe.spectrum,
                                                threads: threads)
            say("no reference given: simulating the held-out sample, \(recipe.describe(recipe.heldOut)), into "
                + "\(recipe.heldOutURL.relativePath) (\(DefaultModelRecipe.grouped(missing)) showers to go, "
                + "~\(TimeEstimate.duration(s * Double(missing))) at \(String(format: "%.3f", s)) s per shower, measured; resumable)")
        }
        try sample.run()
        return recipe.heldOutURL
    }
}
