// swift-tools-version: 6.1
import PackageDescription

// The streaming reader's modules: no dynamic exclusivity checks on the per-cell path (measured:
// they cost a tenth of the read). Static checks still run.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

// Layers, one way only:
//   ZIPArchive → (XMLStreaming) → OPCPackage → SpreadsheetML → Ingest → Normalize (GoalModel) → Analysis → Report
//   → GoalSheetCLI → goalsheet
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
        // ZIP container: central directory, ZIP64, stored/deflate, CRC, raw copy.
        .target(name: "ZIPArchive", dependencies: ["CZlib"]),
        // libxml2 SAX2 push parser wrapper (no DTDs, no entity expansion).
        .target(name: "XMLStreaming", dependencies: ["CLibXML2"], swiftSettings: hotPath),
        // Open Packaging Conventions: content types, relationships, part names.
        .target(name: "OPCPackage", dependencies: ["ZIPArchive", "XMLStreaming"]),
        // SpreadsheetML parts: workbook, shared strings, styles, worksheets.
        .target(
            name: "SpreadsheetML", dependencies: ["OPCPackage", "XMLStreaming", "ZIPArchive"], swiftSettings: hotPath),
        // Writing SpreadsheetML: the in-place patcher (raw copies, streamed sheet edits, spliced small parts) and new workbooks.
        .target(
            name: "SpreadsheetWriter", dependencies: ["SpreadsheetML", "OPCPackage", "ZIPArchive"],
            swiftSettings: hotPath),
        // Reading any input (XLSX or CSV) as sheets of typed cells.
        .target(name: "Ingest", dependencies: ["SpreadsheetML", "OPCPackage", "ZIPArchive"]),
        // The goal model: nodes, dates, formulas, findings, word lists. No I/O (cell names from SpreadsheetML).
        .target(name: "GoalModel", dependencies: ["SpreadsheetML"]),
        // Legacy sheets → the goal model: header detection, column synonyms, value and sentence parsing.
        .target(
            name: "Normalize",
            dependencies: ["Ingest", "SpreadsheetML", "OPCPackage", "ZIPArchive", "GoalModel", "Yams"]),
        // Gaps (progress, 達成率, score, pace) and alignment rules over the whole run.
        .target(name: "Analysis", dependencies: ["GoalModel", "Normalize", "SpreadsheetML"]),
        // Output files: goals.csv / goals.json, the analysis CSVs and model.json.
        .target(
            name: "Report",
            dependencies: [
                "GoalModel", "Normalize", "Analysis", "SpreadsheetWriter", "SpreadsheetML", "Ingest", "ZIPArchive",
                "CSystem",
            ]),
        // The commands.
        .target(
            name: "GoalSheetCLI",
            dependencies: [
                "Ingest", "SpreadsheetML", "GoalModel", "Normalize", "Analysis", "Report", "SpreadsheetWriter",
                "ZIPArchive", "OPCPackage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: hotPath),
        .executableTarget(name: "goalsheet", dependencies: ["GoalSheetCLI"]),
        // The write-back alone on a generated sheet, for Benchmarks/annotate_bench.py (built by `make bench`).
        // libFuzzer targets over the reader (built by `make fuzz` with -sanitize=fuzzer; an empty program otherwise).
        .executableTarget(
            name: "goalsheet-fuzz",
            dependencies: ["ZIPArchive", "OPCPackage", "SpreadsheetML", "Ingest", "Normalize", "GoalModel"],
            path: "Fuzz/GoalSheetFuzz"),
        .executableTarget(
            name: "annotate-patch", dependencies: ["SpreadsheetWriter", "SpreadsheetML"],
            path: "Benchmarks/AnnotatePatch"),

        .target(name: "TestSupport", dependencies: ["SpreadsheetML", "ZIPArchive"], path: "Tests/TestSupport"),
        .testTarget(name: "ZIPArchiveTests", dependencies: ["ZIPArchive", "OPCPackage"]),
        .testTarget(
            name: "SpreadsheetMLTests",
            dependencies: ["TestSupport", "SpreadsheetML", "ZIPArchive", "OPCPackage", "XMLStreaming"]),
        .testTarget(
            name: "SpreadsheetWriterTests",
            dependencies: ["SpreadsheetWriter", "SpreadsheetML", "ZIPArchive", "OPCPackage"]),
        .testTarget(name: "IngestTests", dependencies: ["TestSupport", "Ingest", "SpreadsheetML", "OPCPackage"]),
        .testTarget(
            name: "NormalizeTests",
            dependencies: [
                "TestSupport", "Normalize", "GoalModel", "Report", "Ingest", "SpreadsheetML", "ZIPArchive",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "AnalysisTests",
            dependencies: [
                "TestSupport", "Analysis", "Normalize", "GoalModel", "Report", "GoalSheetCLI", "SpreadsheetWriter",
                "SpreadsheetML", "ZIPArchive", "OPCPackage", "Ingest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "CorpusTests",
            dependencies: ["Ingest", "SpreadsheetML", "GoalSheetCLI", "SpreadsheetWriter", "ZIPArchive", "OPCPackage"],
            resources: [.copy("reread.py")]),
    ],
    swiftLanguageModes: [.v6]
)
