import Testing

@testable import EdgeConfig

/// Durations, sizes, suggestions and host syntax, the building blocks of decoding and validation.
@Suite struct ConfigSyntaxTests {
    @Test(arguments: [
        ("10s", Duration.seconds(10)), ("500ms", .milliseconds(500)), ("2m", .seconds(120)), ("1h", .seconds(3600)),
        ("30", .seconds(30)), ("1.5s", .milliseconds(1500)), ("0", .zero), (" 5 s ", .seconds(5)),
        ("2M", .seconds(120)),
    ])
    func durationForms(text: String, expected: Duration) {
        #expect(ConfigUnits.duration(text) == expected)
    }

    @Test(arguments: ["", "s", "-1s", "10 seconds", "1d", "1m30s", "ten", "1e3"])
    func malformedDurations(text: String) {
        #expect(ConfigUnits.duration(text) == nil)
    }

    @Test(arguments: [
        ("1048576", 1_048_576), ("10KB", 10_000), ("10MB", 10_000_000), ("1GB", 1_000_000_000), ("10KiB", 10_240),
        ("10MiB", 10_485_760), ("1GiB", 1_073_741_824), ("1_000", 1000), ("512B", 512), ("1.5KiB", 1536),
        ("10 mb", 10_000_000), ("0", 0),
    ])
    func sizeForms(text: String, expected: Int) {
        #expect(ConfigUnits.byteSize(text) == expected)
    }

    @Test(arguments: ["", "MB", "-1", "10XB", "ten", "1.5"])
    func malformedSizes(text: String) {
        #expect(ConfigUnits.byteSize(text) == nil)
    }

    @Test func durationsAndSizesDecodeFromYAML() throws {
        let yaml =
            ConfigFixtures.minimal.replacingOccurrences(
                of: "    http: {url: \"http://127.0.0.1:9000\"}",
                with:
                    "    http: {url: \"http://127.0.0.1:9000\"}\n    connectionTimeout: 1500ms\n    responseTimeout: 2m\n"
                    + "    keepaliveTimeout: 7\n    maxIdleConnections: 0"
            )
            + "\nnode: {drainTimeout: 1h}\nlimits: {maxRequestHeaderBytes: 64KiB, maxURLBytes: 16384, viewerIdleTimeout: 2m, tlsHandshakeTimeout: 5s}\n"
        let config = try ConfigLoader.parse(yaml: yaml, file: "edge.yaml", baseDirectory: "/tmp").configuration
        #expect(config.origins[0].connectionTimeout == .milliseconds(1500))
        #expect(config.origins[0].responseTimeout == .seconds(120))
        #expect(config.origins[0].keepaliveTimeout == .seconds(7))
        #expect(config.origins[0].maxIdleConnections == 0)
        #expect(config.node.drainTimeout == .seconds(3600))
        #expect(
            config.limits
                == LimitsConfig(
                    maxRequestHeaderBytes: 65_536, maxURLBytes: 16_384, viewerIdleTimeout: .seconds(120),
                    tlsHandshakeTimeout: .seconds(5)))
    }

    @Test func malformedSizeInYAMLIsReported() {
        let yaml = ConfigFixtures.minimal + "\nlimits: {maxURLBytes: 8 kilobytes}\n"
        let problems = ConfigFixtures.problems(yaml)
        #expect(
            problems.map(\.description) == [
                "edge.yaml:10: limits.maxURLBytes: expected \(ConfigUnits.sizeForms), got '8 kilobytes'"
            ])
    }

    @Test func suggestionsPickTheNearestPlausibleName() {
        let keys = ["pathPattern", "targetOriginId", "allowedMethods", "cachedMethods"]
        #expect(KeySuggestion.nearest(to: "pathPatern", in: keys) == "pathPattern")
        #expect(KeySuggestion.nearest(to: "pahtPattern", in: keys) == "pathPattern")
        #expect(KeySuggestion.nearest(to: "TargetOriginID", in: keys) == "targetOriginId")
        #expect(KeySuggestion.nearest(to: "cacheMethods", in: keys) == "cachedMethods")
        #expect(KeySuggestion.nearest(to: "colour", in: keys) == nil)
        #expect(KeySuggestion.hint(for: "zzz", in: ["a", "b"]) == "; expected one of: a, b")
    }

    @Test func hostNames() {
        #expect(HostSyntax.isHostName("example.test"))
        #expect(HostSyntax.isHostName("localhost"))
        #expect(HostSyntax.isHostName("a-b.c1.test"))
        #expect(!HostSyntax.isHostName("-a.test"))
        #expect(!HostSyntax.isHostName("a..test"))
        #expect(!HostSyntax.isHostName("a.test."))
        #expect(!HostSyntax.isHostName(String(repeating: "a", count: 64) + ".test"))
        #expect(HostSyntax.isHostNameOrWildcard("*.example.test"))
        #expect(!HostSyntax.isHostNameOrWildcard("*example.test"))
        #expect(!HostSyntax.isHostNameOrWildcard("a.*.test"))
    }

    @Test func addresses() {
        #expect(HostSyntax.hostAndPort("127.0.0.1:8080")! == ("127.0.0.1", 8080))
        #expect(HostSyntax.hostAndPort("[::1]:0")! == ("::1", 0))
        #expect(HostSyntax.hostAndPort("[2001:db8::1]:443")! == ("2001:db8::1", 443))
        #expect(HostSyntax.hostAndPort("localhost:65535")! == ("localhost", 65535))
        #expect(HostSyntax.hostAndPort("localhost:65536") == nil)
        #expect(HostSyntax.hostAndPort("[::1]") == nil)
        #expect(HostSyntax.hostAndPort("[nothex::1]:80") == nil)
        #expect(HostSyntax.hostAndPort(":80") == nil)
        #expect(HostSyntax.hostAndPort("256.0.0.1:80") == nil)
        #expect(!HostSyntax.isIPv4("256.0.0.1"))
    }

    @Test func originURLs() {
        #expect(HostSyntax.httpURL("http://a.test") == .success(.init(host: "a.test", port: 80, path: "")))
        #expect(
            HostSyntax.httpURL("http://10.0.0.1:8081/base/")
                == .success(.init(host: "10.0.0.1", port: 8081, path: "/base/")))
        #expect(HostSyntax.httpURL("http://[::1]:81") == .success(.init(host: "::1", port: 81, path: "")))
        #expect(HostSyntax.httpURL("http://[::1]") == .success(.init(host: "::1", port: 80, path: "")))
        #expect(HostSyntax.httpURL("HTTPS://a.test") == .failure(.httpsNotSupported))
        #expect(
            HostSyntax.httpURL("http://user@a.test") == .failure(.malformed("credentials in the URL are not supported"))
        )
        #expect(HostSyntax.httpURL("http://") == .failure(.malformed("'' is not a valid host[:port]")))
    }
}
