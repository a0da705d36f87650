// swift-tools-version: 6.1
import PackageDescription

// The release build `make` makes (GOALSHEET_RELEASE_TUNING=1) drops dynamic exclusivity checks (static checks
// still run) and optimizes across modules, so that GoalModel's accessors and generic helpers are inlined and
// specialized where Normalize, Analysis and Report call them. Debug builds (the tests) keep every check.
// Without the variable (a package depending on GoalSheet's products, a plain `swift build`) no target has an
// unsafe flag, which SwiftPM refuses in a dependency. See the README's benchmarks for what it buys.
let releaseTuning: [SwiftSetting] =
    Context.environment["GOALSHEET_RELEASE_TUNING"] == "1"
    ? [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]
    : []

// Layers, one way only, GoalSheetSupport under all of them:
//   ZIPArchive → (XMLStreaming) → OPCPackage → SpreadsheetML → Ingest → Normalize → Analysis → Report
//   → GoalSheetCLI → goalsheet; GoalModel (the model and its run types) under Normalize and Analysis.
let package = Package(
    name: "GoalSheet",
    products: [
        .executable(name: "goalsheet", targets: ["goalsheet"]),
        .library(name: "SpreadsheetML", targets: ["SpreadsheetML"]),
        .library(name: "Ingest", targets: ["Ingest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // System libraries (Debian: zlib1g-dev, libxml2-dev).
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        // POSIX calls Swift's Glibc module does not declare (renameat2's exchange).
        .target(name: "CSystem"),
        // What every layer shares: A1 cell names, plain decimals, trimming, the C library calls, and
        // GoalSheetError, the one public error type with its position and cause.
        .target(name: "GoalSheetSupport"),
        // ZIP container: central directory, ZIP64, stored/deflate, CRC, raw copy.
        .target(name: "ZIPArchive", dependencies: ["CZlib", "GoalSheetSupport"]),
        // libxml2 SAX2 push parser wrapper (no DTDs, no entity expansion).
        .target(name: "XMLStreaming", dependencies: ["CLibXML2", "GoalSheetSupport"]),
        // Open Packaging Conventions: content types, relationships, part names.
        .target(name: "OPCPackage", dependencies: ["GoalSheetSupport", "ZIPArchive", "XMLStreaming"]),
        // SpreadsheetML parts: workbook, shared strings, styles, worksheets.
        .target(
            name: "SpreadsheetML", dependencies: ["GoalSheetSupport", "OPCPackage", "XMLStreaming", "ZIPArchive"]),
        // Writing SpreadsheetML: the in-place patcher (raw copies, streamed sheet edits, spliced small parts) and new workbooks.
        .target(
            name: "SpreadsheetWriter", dependencies: ["GoalSheetSupport", "SpreadsheetML", "OPCPackage", "ZIPArchive"]),
        // Writing text outputs: a buffered byte sink, the one CSV writer and the one JSON writer.
        .target(name: "OutputFormats", dependencies: ["GoalSheetSupport"]),
        // Reading any input (XLSX or CSV) as sheets of typed cells.
        .target(name: "Ingest", dependencies: ["GoalSheetSupport", "SpreadsheetML"]),
        // The goal model: nodes, runs, dates, formulas, quantities, findings, word lists, messages. No I/O.
        .target(name: "GoalModel", dependencies: ["GoalSheetSupport"]),
        // Legacy sheets → the goal model: header detection, column synonyms, value and sentence parsing.
        .target(
            name: "Normalize",
            dependencies: ["GoalSheetSupport", "Ingest", "SpreadsheetML", "GoalModel", "Yams"]),
        // Gaps (progress, 達成率, score, pace) and alignment rules over the whole run.
        .target(name: "Analysis", dependencies: ["GoalModel", "GoalSheetSupport"]),
        // Output files: goals.csv / goals.json, the analysis CSVs and model.json.
        .target(
            name: "Report",
            dependencies: [
                "GoalSheetSupport", "GoalModel", "Normalize", "Analysis", "SpreadsheetWriter", "SpreadsheetML",
                "Ingest", "OutputFormats", "CSystem", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The commands.
        .target(
            name: "GoalSheetCLI",
            dependencies: [
                "GoalSheetSupport", "Ingest", "SpreadsheetML", "GoalModel", "Normalize", "Analysis", "Report",
                "SpreadsheetWriter", "OutputFormats", "Yams", "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "goalsheet", dependencies: ["GoalSheetCLI"]),
        // The write-back alone on a generated sheet, for Benchmarks/annotate_bench.py (built by `make bench`).
        // libFuzzer targets over the reader (built by `make fuzz` with -sanitize=fuzzer; an empty program otherwise).
        .executableTarget(
            name: "goalsheet-fuzz",
            dependencies: ["GoalSheetSupport", "ZIPArchive", "SpreadsheetML", "Ingest", "Normalize", "GoalModel"],
            path: "Fuzz/GoalSheetFuzz"),
        .executableTarget(
            name: "annotate-patch", dependencies: ["GoalSheetSupport", "SpreadsheetWriter", "SpreadsheetML"],
            path: "Benchmarks/AnnotatePatch"),

        // Test helpers every test target may share: samples and fixtures, scratch folders, package reading,
        // golden files (GOALSHEET_RECORD_GOLDEN=1 records them).
        .target(
            name: "TestSupport", dependencies: ["GoalSheetSupport", "GoalModel", "SpreadsheetML", "ZIPArchive"],
            path: "Tests/TestSupport"),
        // One test target per module, then the integration tests (the commands, the corpus, LibreOffice).
        .testTarget(name: "GoalSheetSupportTests", dependencies: ["GoalSheetSupport"]),
        .testTarget(name: "ZIPArchiveTests", dependencies: ["GoalSheetSupport", "ZIPArchive"]),
        .testTarget(name: "XMLStreamingTests", dependencies: ["GoalSheetSupport", "XMLStreaming"]),
        .testTarget(name: "OPCPackageTests", dependencies: ["GoalSheetSupport", "OPCPackage", "ZIPArchive"]),
        .testTarget(
            name: "SpreadsheetMLTests",
            dependencies: [
                "TestSupport", "GoalSheetSupport", "SpreadsheetML", "ZIPArchive", "OPCPackage", "XMLStreaming",
            ]),
        .testTarget(
            name: "SpreadsheetWriterTests",
            dependencies: ["TestSupport", "GoalSheetSupport", "SpreadsheetWriter", "SpreadsheetML", "ZIPArchive"]),
        .testTarget(
            name: "IngestTests", dependencies: ["TestSupport", "GoalSheetSupport", "Ingest", "SpreadsheetML"]),
        .testTarget(name: "OutputFormatsTests", dependencies: ["OutputFormats"]),
        .testTarget(name: "GoalModelTests", dependencies: ["GoalModel"]),
        .testTarget(
            name: "NormalizeTests",
            dependencies: [
                "TestSupport", "GoalSheetSupport", "Normalize", "GoalModel", "SpreadsheetML",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ], exclude: ["Fixtures"]),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["TestSupport", "Analysis", "Normalize", "GoalModel", "GoalSheetSupport"]),
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "TestSupport", "Report", "Analysis", "Normalize", "GoalModel", "SpreadsheetWriter", "SpreadsheetML",
                "OutputFormats",
            ]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "TestSupport", "GoalSheetSupport", "GoalSheetCLI", "Report", "Analysis", "Normalize", "GoalModel",
                "Ingest", "SpreadsheetWriter", "SpreadsheetML", "OPCPackage", "ZIPArchive", "OutputFormats", "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Golden"], resources: [.copy("reread.py")]),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift target of GoalSheet's own builds with the release tuning (C targets and tests without).
let cTargets: Set<String> = ["CSystem", "CZlib", "CLibXML2"]
for target in package.targets where target.type != .test && target.type != .system && !cTargets.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + releaseTuning
}
