import ArgumentParser
import CaloGAN

/// `--generator-head physics|shares|layers|direct`; physics is the default (see README, "Generator heads").
extension GeneratorHead: ExpressibleByArgument {
    public static var allValueStrings: [String] {
        [GeneratorHead.physics, .shares, .layers, .direct].map(\.rawValue)
    }
}
