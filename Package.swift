// swift-tools-version:6.0
// calosim: fast calorimeter shower simulation with a conditional WGAN-GP.
//
// Modules follow the data flow and depend only downwards:
//   CaloSupport -> CaloDetector -> CaloSim -> CaloData -> CaloBLAS -> CaloTensor
//   -> CaloNN -> CaloGAN -> CaloValidation -> CaloPlot -> CaloApp -> calosim (CLI)
// C libraries enter through underscore targets (see each target's README.md).
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let fast: [SwiftSetting] = strict + [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "calosim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "calosim", targets: ["calosim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries. OpenBLAS is loaded at run time (see _CBLASLoader/README.md).
        .target(name: "_CBLASLoader", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "_CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "_CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "_CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "_CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),

        // Libraries, lowest first.
        .target(name: "CaloSupport", swiftSettings: strict),
        // The shipped geometries and model live in the top-level Resources/ folder.
        .target(name: "CaloResources", path: "Resources", exclude: ["README.md"],
                resources: [.copy("Geometries"), .copy("Models")], swiftSettings: strict),
        .target(name: "CaloDetector", dependencies: ["CaloSupport", "CaloResources"], swiftSettings: strict),
        .target(name: "CaloSim", dependencies: ["CaloDetector", "CaloSupport"], swiftSettings: fast),
        .target(name: "CaloData", dependencies: ["CaloDetector", "CaloSupport", "_CHDF5"], swiftSettings: strict),
        .target(name: "CaloBLAS", dependencies: ["_CBLASLoader", "CaloSupport"], swiftSettings: fast),
        .target(name: "CaloTensor", dependencies: ["CaloBLAS", "CaloSupport"], swiftSettings: fast),
        .target(name: "CaloNN", dependencies: ["CaloTensor", "CaloSupport"], swiftSettings: fast),
        .target(name: "CaloGAN", dependencies: ["CaloNN", "CaloTensor", "CaloData", "CaloDetector", "CaloSupport"],
                swiftSettings: fast),
        .target(name: "CaloValidation", dependencies: ["CaloNN", "CaloTensor", "CaloData", "CaloDetector",
                                                        "CaloSupport", "_CFFTW"], swiftSettings: fast),
        .target(name: "CaloPlot", dependencies: ["CaloSupport", "_CCairo", "_CPNG"], swiftSettings: strict),
        .target(name: "CaloPhysicsCheck", dependencies: ["CaloSim", "CaloDetector", "CaloSupport"], swiftSettings: fast),
        .target(name: "CaloApp", dependencies: ["CaloSupport", "CaloDetector", "CaloSim", "CaloPhysicsCheck", "CaloData", "CaloBLAS",
                                                "CaloTensor", "CaloNN", "CaloGAN", "CaloValidation", "CaloPlot"],
                swiftSettings: strict),
        .executableTarget(name: "calosim", dependencies: [
            "CaloApp", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),

        // Tests.
        .target(name: "_TestSupport", path: "Tests/_TestSupport", swiftSettings: strict),
        .testTarget(name: "CaloSupportTests", dependencies: ["CaloSupport"], swiftSettings: strict),
        .testTarget(name: "CaloDetectorTests", dependencies: ["CaloDetector", "_TestSupport"], swiftSettings: strict),
        .testTarget(name: "CaloDataTests", dependencies: ["CaloData", "CaloDetector", "_TestSupport", "_CHDF5"], swiftSettings: strict),
        .testTarget(name: "CaloBLASTests", dependencies: ["CaloBLAS", "_TestSupport"], swiftSettings: strict),
        .testTarget(name: "CaloSimTests", dependencies: ["CaloSim", "CaloPhysicsCheck", "CaloDetector", "_TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "CaloTensorTests", dependencies: ["CaloTensor", "CaloBLAS", "_TestSupport"], swiftSettings: strict),
        .testTarget(name: "CaloNNTests", dependencies: ["CaloNN", "CaloTensor", "_TestSupport"], swiftSettings: strict),
        .testTarget(name: "CaloValidationTests", dependencies: ["CaloValidation", "CaloPlot", "CaloDetector", "_TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "CaloGANTests", dependencies: ["CaloGAN", "CaloNN", "CaloTensor", "CaloData", "CaloDetector", "CaloSupport", "_TestSupport"], swiftSettings: strict),
        .testTarget(name: "CaloAppTests", dependencies: ["CaloApp", "CaloGAN", "CaloData", "CaloDetector", "CaloSupport", "_TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["_TestSupport", "CaloData"], swiftSettings: strict),

        // Fuzz targets (scripts/fuzz/): replay commands in a plain build, libFuzzer entries when
        // scripts/fuzz/run.sh builds them with -DFUZZING and the fuzzer sanitizer.
        .target(name: "_FuzzSupport", path: "scripts/fuzz/Targets/_FuzzSupport", swiftSettings: strict),
        .executableTarget(name: "_FuzzGeometry", dependencies: ["CaloDetector", "_FuzzSupport"],
                          path: "scripts/fuzz/Targets/_FuzzGeometry", swiftSettings: strict),
        .executableTarget(name: "_FuzzShowerFile", dependencies: ["CaloData", "_FuzzSupport"],
                          path: "scripts/fuzz/Targets/_FuzzShowerFile", swiftSettings: strict),
        .executableTarget(name: "_FuzzSafeTensors", dependencies: ["CaloNN", "_FuzzSupport"],
                          path: "scripts/fuzz/Targets/_FuzzSafeTensors", swiftSettings: strict),
        .executableTarget(name: "_FuzzModel", dependencies: ["CaloGAN", "CaloNN", "_FuzzSupport"],
                          path: "scripts/fuzz/Targets/_FuzzModel", swiftSettings: strict),
    ]
)
