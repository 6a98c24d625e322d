// swift-tools-version:6.0
// Benchmarks live here, apart from the main package, so `swift build` / `swift test` stay light.
import PackageDescription

let package = Package(
    name: "RadStationBenchmarks",
    dependencies: [
        .package(name: "RadStation", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ConversionBenchmark",
            dependencies: [
                .product(name: "Pipeline", package: "RadStation"),
                .product(name: "DICOMBackend", package: "RadStation"),
            ]),
        .executableTarget(
            name: "RenderBenchmark",
            dependencies: [
                .product(name: "PNGRender", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "MorphologyBenchmark",
            dependencies: [
                .product(name: "MaskMorphology", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "SegBenchmark",
            dependencies: [
                .product(name: "DICOMBackend", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "RTStructBenchmark",
            dependencies: [
                .product(name: "DICOMBackend", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "SegExportBenchmark",
            dependencies: [
                .product(name: "Pipeline", package: "RadStation"),
                .product(name: "DICOMBackend", package: "RadStation"),
                .product(name: "MaskMorphology", package: "RadStation"),
                .product(name: "RadiomicsCore", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [
                .product(name: "Ingest", package: "RadStation"),
                .product(name: "FolderWatch", package: "RadStation"),
                .product(name: "Pipeline", package: "RadStation"),
                .product(name: "DICOMBackend", package: "RadStation"),
            ]),
        .executableTarget(
            name: "ResamplingBenchmark",
            dependencies: [
                .product(name: "VolumeModule", package: "RadStation"),
                .product(name: "Hashing", package: "RadStation"),
            ]),
        .executableTarget(
            name: "RegistrationBenchmark",
            dependencies: [
                .product(name: "Registration", package: "RadStation"),
                .product(name: "VolumeIO", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "CohortBenchmark",
            dependencies: [
                .product(name: "Cohort", package: "RadStation"),
                .product(name: "Pipeline", package: "RadStation"),
            ]),
        .executableTarget(
            name: "DatasetExportBenchmark",
            dependencies: [
                .product(name: "DatasetExport", package: "RadStation"),
                .product(name: "Pipeline", package: "RadStation"),
                .product(name: "VolumeIO", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "VoxelMapBenchmark",
            dependencies: [
                .product(name: "RadiomicsCore", package: "RadStation"),
                .product(name: "VolumeIO", package: "RadStation"),
                .product(name: "VolumeModule", package: "RadStation"),
            ]),
        .executableTarget(
            name: "ProcessBenchmark",
            dependencies: [
                .product(name: "Pipeline", package: "RadStation"),
            ]),
    ]
)
