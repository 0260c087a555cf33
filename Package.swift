// swift-tools-version:6.0
// calosim: fast calorimeter shower simulation with a conditional WGAN-GP.
//
// The module graph is a DAG with three stems, simulation, data and learning, over CaloSupport
// (progress, atomic files, Philox stream domains, threads, statistics, `require`), which every
// module imports and which is not drawn; its Philox blocks run on _CPhiloxKernels where the CPU
// has AVX2 or AVX-512 (_CCPUFeatures).
// A line joins a module to one it imports (the upper one). Each target below declares exactly
// the modules its files import, also those it reaches through another: the test command runs
// scripts/check-imports.swift and builds with --explicit-target-dependency-import-check error.
//
//                 CaloResources (shipped geometries and model)
//                       |
//                  CaloDetector ---------------+          CaloBLAS <- _CBLASLoader, _CBF16Kernels, _CFP32Kernels, _CCPUFeatures, _CDNNLLoader
//                   |        \                 |              |
//                CaloSim    CaloData <- _CHDF5 |          CaloTensor
//                   |        |      \          |              |
//        CaloPhysicsCheck    |       \         |            CaloNN
//                   |        |        \        |           /      \
//                   |        |       CaloGAN --+----------+        |
//                   |        |                                     |
//                   |        +------ CaloValidation <- _CFFTW -----+    CaloPlot <- _CCairo, _CPNG
//                   |                      |                                |
//                   +------------------- CaloApp (jobs) --------------------+
//                                            |
//                                         calosim (command line)
//
// CaloMPI <- _CMPI (process groups: the ranks of data-parallel training) sits under CaloGAN's
// trainer; CaloApp imports it too (the rank count in `calosim info`).
// CaloExamples (the lecture's systems, `calosim examples`) sits beside CaloApp under the command
// line; no library imports it.
// CaloGAN also imports CaloResources (the shipped model); CaloGAN and CaloValidation import
// CaloDetector and CaloTensor too; CaloNN and CaloGAN import CaloBLAS (the inference plan's
// kernels and precision); CaloApp imports every library. CaloONNX (ONNX export, with
// swift-protobuf) lies between CaloGAN and CaloApp; CaloCAPI (the C library) over CaloApp.
// C libraries enter through underscore targets (see each target's README.md).
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
// Release builds are -O with whole-module optimisation (SwiftPM's default): checks stay in the
// binary, and the API boundaries of the tensor engine and the simulator use `require`
// (CaloSupport), which keeps its message in every mode. Only the simulator is compiled
// -Ounchecked (no overflow or bounds checks in the transport), where it measurably pays
// (README "Release builds"); `require` survives -Ounchecked, `precondition` would not.
let unchecked: [SwiftSetting] = strict + [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
    name: "calosim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "calosim", targets: ["calosim"]),
        // libcalosim-c.so: the C interface of include/calosim.h (a product named calosim would clash
        // with the executable).
        .library(name: "calosim-c", type: .dynamic, targets: ["CaloCAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // C libraries. OpenBLAS is loaded at run time (see _CBLASLoader/README.md).
        // CPUID and XCR0: the CPU features every kernel choice reads.
        .target(name: "_CCPUFeatures"),
        .target(name: "_CBLASLoader", dependencies: ["_CCPUFeatures"], linkerSettings: [.linkedLibrary("dl")]),
        // oneDNN (bf16 matmuls, AMX where the CPU has it), loaded at run time too (_CDNNLLoader/README.md).
        .target(name: "_CDNNLLoader", linkerSettings: [.linkedLibrary("dl")]),
        // bf16 matrix kernels (AVX512-BF16, chosen at run time);
        // optimised in every configuration so that debug test runs stay quick.
        .target(name: "_CBF16Kernels", cSettings: [.unsafeFlags(["-O2"])]),
        // fp32 kernels for products of a few rows (inference at batch 1 to 4; AVX-512 or AVX2).
        .target(name: "_CFP32Kernels", cSettings: [.unsafeFlags(["-O2"])]),
        // Philox4x32-10 blocks in AVX-512 or AVX2 lanes (the simulator's random numbers).
        .target(name: "_CPhiloxKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .systemLibrary(name: "_CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "_CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "_CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "_CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "_CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),

        // Libraries, lowest first; dependencies one line per stem.
        .target(name: "CaloSupport", dependencies: ["_CPhiloxKernels", "_CCPUFeatures"], swiftSettings: strict),
        // The shipped geometries and model live in the top-level Resources/ folder.
        .target(name: "CaloResources", path: "Resources", exclude: ["README.md"],
                resources: [.copy("Geometries"), .copy("Models")], swiftSettings: strict),
        .target(name: "CaloDetector", dependencies: [
            "CaloSupport", "CaloResources",
        ], swiftSettings: strict),
        .target(name: "CaloSim", dependencies: [
            "CaloSupport", "CaloDetector",
        ], swiftSettings: unchecked),
        .target(name: "CaloPhysicsCheck", dependencies: [
            "CaloSupport", "CaloDetector",
            "CaloSim",
        ], swiftSettings: strict),
        .target(name: "CaloData", dependencies: [
            "CaloSupport", "CaloDetector",
            "_CHDF5",
        ], swiftSettings: strict),
        .target(name: "CaloBLAS", dependencies: [
            "CaloSupport",
            "_CBLASLoader", "_CBF16Kernels", "_CFP32Kernels", "_CCPUFeatures", "_CDNNLLoader",
        ], swiftSettings: strict),
        .target(name: "CaloTensor", dependencies: [
            "CaloSupport",
            "CaloBLAS",
        ], swiftSettings: strict),
        .target(name: "CaloNN", dependencies: [
            "CaloSupport",
            "CaloBLAS", "CaloTensor",
        ], swiftSettings: strict),
        // Process groups for data-parallel training (MPI); under CaloGAN's trainer.
        .target(name: "CaloMPI", dependencies: [
            "CaloSupport",
            "_CMPI",
        ], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "CaloGAN", dependencies: [
            "CaloSupport", "CaloResources", "CaloDetector",
            "CaloData",
            "CaloBLAS", "CaloTensor", "CaloNN",
            "CaloMPI",
        ], swiftSettings: strict),
        .target(name: "CaloValidation", dependencies: [
            "CaloSupport", "CaloDetector",
            "CaloData",
            "CaloTensor", "CaloNN",
            "_CFFTW",
        ], swiftSettings: strict),
        .target(name: "CaloPlot", dependencies: [
            "CaloSupport",
            "_CCairo", "_CPNG",
        ], swiftSettings: strict),
        // ONNX export; Generated/onnx.pb.swift is committed (see CaloONNX/README.md), so no protoc.
        .target(name: "CaloONNX", dependencies: [
            "CaloSupport", "CaloDetector",
            "CaloTensor", "CaloNN",
            "CaloGAN",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "CaloApp", dependencies: [
            "CaloSupport", "CaloResources", "CaloDetector",
            "CaloSim", "CaloPhysicsCheck",
            "CaloData",
            "CaloBLAS", "CaloTensor", "CaloNN",
            "CaloGAN", "CaloValidation", "CaloPlot", "CaloONNX",
            "CaloMPI",
        ], swiftSettings: strict),
        // The lecture's systems (`calosim examples`): teaching examples over the engine; no library imports them.
        .target(name: "CaloExamples", dependencies: [
            "CaloSupport", "CaloDetector",
            "CaloSim",
            "CaloBLAS", "CaloTensor", "CaloNN",
            "CaloValidation", "CaloPlot",
        ], swiftSettings: strict),
        // The C interface (include/calosim.h) over CaloApp, built as libcalosim.so.
        .target(name: "CaloCAPI", dependencies: [
            "CaloData", "CaloBLAS", "CaloDetector", "CaloGAN", "CaloApp",
        ], swiftSettings: strict),
        .executableTarget(name: "calosim", dependencies: [
            "CaloSupport", "CaloDetector",
            "CaloSim",
            "CaloData",
            "CaloBLAS", "CaloGAN",
            "CaloApp", "CaloExamples",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),

        // Tests.
        .target(name: "_TestSupport", path: "Tests/_TestSupport", swiftSettings: strict),
        .testTarget(name: "CaloSupportTests", dependencies: [
            "CaloSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloDetectorTests", dependencies: [
            "CaloDetector",
        ], swiftSettings: strict),
        .testTarget(name: "CaloSimTests", dependencies: [
            "CaloSupport", "CaloDetector", "CaloSim", "CaloPhysicsCheck", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloDataTests", dependencies: [
            "CaloSupport", "CaloDetector", "CaloData", "_CHDF5", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloBLASTests", dependencies: [
            "CaloBLAS", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloTensorTests", dependencies: [
            "CaloSupport", "CaloBLAS", "CaloTensor", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloNNTests", dependencies: [
            "CaloSupport", "CaloBLAS", "CaloTensor", "CaloNN", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloGANTests", dependencies: [
            "CaloSupport", "CaloDetector", "CaloData", "CaloBLAS", "CaloTensor", "CaloNN", "CaloGAN", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloValidationTests", dependencies: [
            "CaloDetector", "CaloData", "CaloValidation", "CaloPlot", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CaloAppTests", dependencies: [
            "CaloSupport", "CaloDetector", "CaloSim", "CaloData", "CaloBLAS", "CaloTensor", "CaloNN", "CaloGAN", "CaloONNX", "CaloApp", "_TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: [
            "CaloData", "_TestSupport", "calosim",
        ], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "CaloExamplesTests", dependencies: [
            "CaloSupport", "CaloDetector", "CaloSim", "CaloTensor", "CaloValidation", "CaloExamples", "_TestSupport",
        ], swiftSettings: strict),
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
