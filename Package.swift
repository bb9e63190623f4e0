// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every target: Swift 6 language mode (the tools version's default), explicit `any`,
/// and, in release builds only, no runtime exclusivity checks (measured ~16% of user-space CPU on the
/// hit path; see docs/architecture.md). Debug builds, tests and CI keep the checks.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "edge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "edge", targets: ["edge"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
    ],
    targets: [
        // Pure policy: no sockets, no NIO channels.
        .target(name: "EdgeCore", swiftSettings: swiftSettings),
        .target(
            name: "EdgeConfig",
            dependencies: ["EdgeCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(name: "EdgeRouting", dependencies: ["EdgeCore", "EdgeConfig"], swiftSettings: swiftSettings),
        .target(name: "EdgeDNS", dependencies: ["EdgeCore"], swiftSettings: swiftSettings),
        .target(
            name: "EdgeProxy",
            dependencies: ["EdgeCore", "EdgeConfig", "EdgeRouting"],
            swiftSettings: swiftSettings
        ),
        // I/O at the edges.
        .target(
            name: "EdgeTLS",
            dependencies: [
                "EdgeCore", "EdgeConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EdgeOrigin",
            dependencies: [
                "EdgeCore", "EdgeConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EdgeDNSServer",
            dependencies: [
                "EdgeCore", "EdgeDNS", "EdgeConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EdgeHealth",
            dependencies: [
                "EdgeCore", "EdgeConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EdgeResolver",
            dependencies: [
                "EdgeCore", "EdgeDNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EdgeServer",
            dependencies: [
                "EdgeCore", "EdgeConfig", "EdgeRouting", "EdgeProxy", "EdgeTLS", "EdgeOrigin", "EdgeDNS", "EdgeDNSServer",
                "EdgeHealth", "EdgeResolver",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "edge",
            dependencies: [
                "EdgeServer", "EdgeConfig", "EdgeDNS", "EdgeRouting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Tests mirror modules.
        .testTarget(name: "EdgeConfigTests", dependencies: ["EdgeConfig"], swiftSettings: swiftSettings),
        .testTarget(name: "EdgeRoutingTests", dependencies: ["EdgeRouting"], swiftSettings: swiftSettings),
        .testTarget(name: "EdgeDNSTests", dependencies: ["EdgeDNS"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EdgeDNSServerTests",
            dependencies: [
                "EdgeDNSServer", "EdgeDNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EdgeHealthTests",
            dependencies: [
                "EdgeHealth", "EdgeConfig", "EdgeCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EdgeResolverTests",
            dependencies: [
                "EdgeResolver", "EdgeDNS", "EdgeDNSServer", "EdgeCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "EdgeProxyTests", dependencies: ["EdgeProxy", "EdgeCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EdgeTLSTests",
            dependencies: [
                "EdgeTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EdgeOriginTests",
            dependencies: ["EdgeOrigin", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EdgeServerTests",
            dependencies: [
                "EdgeServer", "EdgeConfig", "EdgeOrigin",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
