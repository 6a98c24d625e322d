// swift-tools-version:6.0
import PackageDescription

/// DCMTK 3.6.7 libraries from Debian's libdcmtk-dev, listed explicitly (pkg-config is broken on Debian 12,
/// see notes/dicom.md §2), plus OpenJPEG for JPEG 2000. Shared libraries, so order does not matter.
let dcmtkLibraries = [
    "dcmseg", "dcmfg", "dcmiod", "dcmrt", "dcmjpls", "dcmtkcharls", "dcmjpeg", "ijg8", "ijg12", "ijg16",
    "dcmimage", "dcmimgle", "dcmdata", "oflog", "ofstd", "openjp2",
]

let package = Package(
    name: "RadStation",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "radstation", targets: ["radstation"]),
        .library(name: "VolumeModule", targets: ["VolumeModule"]),
        .library(name: "Hashing", targets: ["Hashing"]),
        .library(name: "VolumeIO", targets: ["VolumeIO"]),
        .library(name: "DICOMBackend", targets: ["DICOMBackend"]),
        .library(name: "MaskMorphology", targets: ["MaskMorphology"]),
        .library(name: "RadiomicsCore", targets: ["RadiomicsCore"]),
        .library(name: "PNGRender", targets: ["PNGRender"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "FolderWatch", targets: ["FolderWatch"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "CohortStatistics", targets: ["CohortStatistics"]),
        .library(name: "Cohort", targets: ["Cohort"]),
        .library(name: "DatasetExport", targets: ["DatasetExport"]),
        .library(name: "Registration", targets: ["Registration"]),
        .library(name: "ClusterExecution", targets: ["ClusterExecution"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // 1.16: the `LogHandler.log(event:)` API our handlers implement.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C shims: the only places that touch C libraries.
        .target(
            name: "CDcmtk",
            path: "CShims/CDcmtk",
            publicHeadersPath: "include",
            linkerSettings: dcmtkLibraries.map { .linkedLibrary($0) } + [.linkedLibrary("stdc++")]
        ),
        .systemLibrary(name: "CZlib", path: "CShims/CZlib"),
        .systemLibrary(name: "CDeflate", path: "CShims/CDeflate"),
        .systemLibrary(name: "CIsal", path: "CShims/CIsal"),
        // OpenSSL's libcrypto (Debian libssl-dev) for SHA-256 and HMAC-SHA256; only Hashing imports it.
        .systemLibrary(name: "COpenSSL", path: "CShims/COpenSSL"),
        .target(name: "CPNG", path: "CShims/CPNG", publicHeadersPath: "include", linkerSettings: [.linkedLibrary("png")]),
        .target(name: "CMalloc", path: "CShims/CMalloc", publicHeadersPath: "include"),
        .target(name: "CProcess", path: "CShims/CProcess", publicHeadersPath: "include"),

        // Libraries, in dependency order.
        .target(name: "VolumeModule"),
        .target(name: "Hashing", dependencies: ["COpenSSL"]),
        .target(name: "VolumeIO", dependencies: ["VolumeModule", "CZlib", "CDeflate", "CIsal"]),
        .target(
            name: "DICOMBackend",
            dependencies: ["VolumeModule", "CDcmtk", "Hashing"]
        ),
        .target(name: "MaskMorphology", dependencies: ["VolumeModule"]),
        .target(name: "RadiomicsCore", dependencies: ["VolumeModule", .product(name: "Yams", package: "Yams")]),
        .target(name: "PNGRender", dependencies: ["VolumeModule", "CPNG"]),
        .target(
            name: "Pipeline",
            dependencies: ["VolumeModule", "VolumeIO", "DICOMBackend", "MaskMorphology", "RadiomicsCore", "PNGRender", "CohortStatistics",
                           "Registration", "Hashing", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "FolderWatch"),
        .target(
            name: "Ingest",
            dependencies: ["FolderWatch", "CProcess", .product(name: "GRDB", package: "GRDB.swift"),
                           "Hashing"]
        ),
        .target(name: "CohortStatistics"),
        .target(name: "Cohort", dependencies: ["Pipeline", "RadiomicsCore", "CohortStatistics", "PNGRender"]),
        .target(name: "DatasetExport", dependencies: ["Pipeline", "DICOMBackend", "MaskMorphology", "RadiomicsCore", "VolumeModule", "VolumeIO", "CohortStatistics"]),
        // Cross-study registration: drives the elastix command line (parameter files are resources).
        .target(name: "Registration", dependencies: ["VolumeModule", "VolumeIO"],
                resources: [.copy("Parameters")]),
        // Slurm: batch scripts, sbatch/squeue/sacct/scancel, the study list and task results of a submission.
        .target(name: "ClusterExecution"),
        .target(
            name: "RadStationCLI",
            dependencies: [
                "VolumeModule", "VolumeIO", "DICOMBackend", "MaskMorphology", "RadiomicsCore", "PNGRender", "Pipeline",
                "FolderWatch", "Ingest", "CMalloc", "CohortStatistics", "Cohort", "DatasetExport", "Registration",
                "ClusterExecution", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The executable only calls into RadStationCLI, so the commands are testable.
        .executableTarget(name: "radstation", dependencies: ["RadStationCLI"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["VolumeModule"], path: "Tests/TestSupport"),
        .testTarget(
            name: "VolumeModuleTests",
            dependencies: ["VolumeModule", "VolumeIO", "TestSupport", "Hashing"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "VolumeIOTests", dependencies: ["VolumeIO", "VolumeModule", "TestSupport"]),
        .testTarget(
            name: "DICOMBackendTests",
            dependencies: ["DICOMBackend", "VolumeModule", "VolumeIO", "TestSupport", "Hashing"]),
        .testTarget(name: "MaskMorphologyTests", dependencies: ["MaskMorphology", "VolumeModule", "TestSupport"]),
        .testTarget(
            name: "RadiomicsCoreTests", dependencies: ["RadiomicsCore", "VolumeModule", "VolumeIO", "TestSupport"]),
        .testTarget(name: "PNGRenderTests", dependencies: ["PNGRender", "VolumeModule", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "VolumeIO", "DICOMBackend", "Registration", "TestSupport"]),
        .testTarget(name: "FolderWatchTests", dependencies: ["FolderWatch", "TestSupport"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "FolderWatch", "TestSupport"]),
        .testTarget(name: "CohortStatisticsTests", dependencies: ["CohortStatistics", "TestSupport"]),
        .testTarget(name: "DatasetExportTests", dependencies: ["DatasetExport", "Pipeline", "VolumeModule", "MaskMorphology", "TestSupport"]),
        .testTarget(name: "CohortTests", dependencies: ["Cohort", "CohortStatistics", "Pipeline", "TestSupport"]),
        .testTarget(name: "RegistrationTests", dependencies: ["Registration", "VolumeModule", "VolumeIO", "TestSupport"]),
        .testTarget(name: "ClusterExecutionTests", dependencies: ["ClusterExecution", "TestSupport"]),
        .testTarget(name: "RadStationCLITests", dependencies: ["RadStationCLI", "ClusterExecution", "VolumeIO", "Pipeline", "Ingest", "DICOMBackend", "TestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)
