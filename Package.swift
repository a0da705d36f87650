// swift-tools-version: 6.1
import PackageDescription

// The streaming reader's modules: no dynamic exclusivity checks on the per-cell path (measured:
// they cost a tenth of the read). Static checks still run.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

// Layers, one way only:
//   ZIPArchive → (XMLStreaming) → OPCPackage → SpreadsheetML → Ingest → … → GoalSheetCLI → goalsheet
let package = Package(
    name: "GoalSheet",
    products: [
        .executable(name: "goalsheet", targets: ["goalsheet"]),
        .library(name: "SpreadsheetML", targets: ["SpreadsheetML"]),
        .library(name: "Ingest", targets: ["Ingest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian: zlib1g-dev, libxml2-dev).
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        // ZIP container: central directory, ZIP64, stored/deflate, CRC, raw copy.
        .target(name: "ZIPArchive", dependencies: ["CZlib"]),
        // libxml2 SAX2 push parser wrapper (no DTDs, no entity expansion).
        .target(name: "XMLStreaming", dependencies: ["CLibXML2"], swiftSettings: hotPath),
        // Open Packaging Conventions: content types, relationships, part names.
        .target(name: "OPCPackage", dependencies: ["ZIPArchive", "XMLStreaming"]),
        // SpreadsheetML parts: workbook, shared strings, styles, worksheets.
        .target(name: "SpreadsheetML", dependencies: ["OPCPackage", "XMLStreaming", "ZIPArchive"], swiftSettings: hotPath),
        // Reading any input (XLSX or CSV) as sheets of typed cells.
        .target(name: "Ingest", dependencies: ["SpreadsheetML"]),
        // The commands.
        .target(name: "GoalSheetCLI", dependencies: [
            "Ingest", "SpreadsheetML",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: hotPath),
        .executableTarget(name: "goalsheet", dependencies: ["GoalSheetCLI"]),

        .testTarget(name: "ZIPArchiveTests", dependencies: ["ZIPArchive", "OPCPackage"]),
        .testTarget(name: "SpreadsheetMLTests", dependencies: ["SpreadsheetML", "ZIPArchive", "OPCPackage", "XMLStreaming"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "SpreadsheetML"]),
        .testTarget(name: "CorpusTests", dependencies: ["Ingest", "SpreadsheetML", "GoalSheetCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
