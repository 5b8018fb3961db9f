// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "SAML", targets: ["SAML"]),
        .library(name: "XMLSecurity", targets: ["XMLSecurity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C libraries, reached only through XMLSecurity.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(
            name: "XMLSecurity",
            dependencies: ["CLibXML2", "COpenSSL", "CZlib"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SAML",
            dependencies: ["XMLSecurity"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GatehouseCore",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "SAML",
                "GatehouseCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "GatehouseBenchmarks",
            dependencies: ["SAML", "XMLSecurity"],
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "XMLSecurityTests",
            dependencies: ["XMLSecurity"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SAMLTests",
            dependencies: ["SAML", "XMLSecurity"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseCoreTests",
            dependencies: ["GatehouseCore"],
            swiftSettings: swiftSettings
        ),
    ]
)
