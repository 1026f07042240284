// swift-tools-version:6.0
import PackageDescription

// One settings list for every target (swift-log style).
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
]

// The streaming hot paths (CSV parsing, cleaning, COPY writing) keep their state in class
// properties, and the runtime exclusivity checks on those accesses cost about a fifth of the
// ingest's client CPU (perf; bench/RESULTS.md section B). Release builds of the two modules skip
// them; debug builds, and so the tests, keep them.
let hotPathSettings = swiftSettings + [
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
  name: "Basket360",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "basket360", targets: ["basket360"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  targets: [
    // C boundary: libpq, zlib and libcrypto (SHA-256) through system library targets.
    .systemLibrary(
      name: "CLibPQ", pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    .systemLibrary(
      name: "CCrypto", pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),

    // Safe Swift over libpq; the only module that imports CLibPQ.
    .target(name: "PostgresClient", dependencies: ["CLibPQ"], swiftSettings: hotPathSettings),

    // Migrations, batch and run bookkeeping, status.
    .target(
      name: "Warehouse",
      dependencies: ["CCrypto", "PostgresClient", .product(name: "Logging", package: "swift-log")],
      resources: [.copy("Migrations")],
      swiftSettings: swiftSettings),

    // Sources, streaming CSV, cleaning rules (pure) and loading into staging/core.
    .target(
      name: "Ingest",
      dependencies: [
        "CZlib", "PostgresClient", "Warehouse",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: hotPathSettings),

    // Pure numerical models (RFM, BG/NBD, Gamma-Gamma, optimisers, k-means): no database in sight.
    .target(name: "Analytics", swiftSettings: swiftSettings),

    // Synthetic but realistic transactions (BG/NBD purchases, Gamma-Gamma spend, defects), streamed.
    .target(name: "Generator", dependencies: ["CZlib"], swiftSettings: swiftSettings),

    // Stages that connect the warehouse and the models: read from core, fit, write to analytics.
    .target(
      name: "Pipeline",
      dependencies: [
        "Analytics", "PostgresClient", "Warehouse",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: swiftSettings),

    // The command-line tool: thin, parses options and calls the libraries.
    .executableTarget(
      name: "basket360",
      dependencies: [
        "PostgresClient", "Warehouse", "Ingest", "Pipeline", "Analytics", "Generator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings),

    // Benchmark driver (run by hand from bench/, never by the tests).
    .executableTarget(name: "basket360-bench", dependencies: ["Analytics"], path: "bench/swift", swiftSettings: swiftSettings),

    // Test fixtures shared by the test targets: a database per test, bundled data paths.
    .target(name: "TestSupport", dependencies: ["PostgresClient", "Warehouse", .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),

    .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"], swiftSettings: swiftSettings),
    .testTarget(
      name: "AnalyticsTests", dependencies: ["Analytics"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "PipelineTests",
      dependencies: ["Pipeline", "Analytics", "Ingest", "Warehouse", "PostgresClient", "TestSupport"],
      swiftSettings: swiftSettings),
    .testTarget(name: "GeneratorTests", dependencies: ["Generator", "Analytics", "TestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "IngestTests", dependencies: ["Ingest", "Analytics"], swiftSettings: swiftSettings),
    .testTarget(
      name: "WarehouseTests",
      dependencies: ["Warehouse", "Ingest", "PostgresClient", "TestSupport", "Generator"],
      swiftSettings: swiftSettings),
  ]
)
