import EdgeConfig
import Testing

@Suite struct HealthCheckConfigTests {
    @Test func theIssueExampleDecodesWithDefaults() throws {
        let yaml =
            ConfigFixtures.minimal + """

                healthChecks:
                  - {id: api-eu, type: HTTP, target: "10.1.2.3:8081", resourcePath: /health, requestInterval: 10,
                     failureThreshold: 3, searchString: ok}
                  - {id: db, type: TCP, target: "db.internal.test:5432"}
                """
        let config = try ConfigLoader.parse(yaml: yaml, file: "edge.yaml", baseDirectory: "/tmp").configuration
        #expect(
            config.healthChecks[0]
                == HealthCheckConfig(
                    id: "api-eu", type: .http, target: "10.1.2.3:8081", resourcePath: "/health", requestInterval: 10,
                    failureThreshold: 3, searchString: "ok"))
        let tcp = config.healthChecks[1]
        #expect(tcp.requestInterval == 30)
        #expect(tcp.failureThreshold == 3)
        #expect(tcp.resourcePath == "/")
        #expect(tcp.hostAndPort?.host == "db.internal.test")
        #expect(tcp.hostAndPort?.port == 5432)
    }

    @Test func route53LimitsAreEnforcedWithLines() {
        let yaml =
            ConfigFixtures.minimal + """

                healthChecks:
                  - {id: a, type: HTTP, target: "127.0.0.1:80", requestInterval: 15}
                  - {id: a, type: HTTPS_STR_MATCH, target: "nohost", failureThreshold: 11}
                  - {id: c, type: HTTP, target: "127.0.0.1:80", resourcePath: health, searchString: \(String(repeating: "x", count: 256))}
                """
        let problems = ConfigFixtures.problems(yaml)
        let byPath = Dictionary(grouping: problems, by: \.keyPath)
        #expect(byPath["healthChecks[0].requestInterval"]?.first?.message.contains("must be 10 or 30") == true)
        #expect(byPath["healthChecks[0].requestInterval"]?.first?.line == 11)
        #expect(byPath["healthChecks[1].id"]?.first?.message.contains("duplicate health check id 'a'") == true)
        #expect(byPath["healthChecks[1].target"] != nil)
        #expect(byPath["healthChecks[1].failureThreshold"] != nil)
        #expect(byPath["healthChecks[1].searchString"]?.first?.message.contains("needs a searchString") == true)
        #expect(byPath["healthChecks[2].resourcePath"] != nil)
        #expect(byPath["healthChecks[2].searchString"]?.first?.message == "searchString must be 1–255 bytes")
    }

    @Test func unknownTypeIsSuggested() {
        let yaml = ConfigFixtures.minimal + "\nhealthChecks: [{id: a, type: HTTPZ, target: \"127.0.0.1:1\"}]\n"
        let problems = ConfigFixtures.problems(at: "healthChecks[0].type", in: yaml)
        #expect(problems.first?.message.contains("did you mean 'HTTP'") == true)
    }

    @Test func tcpChecksWarnAboutHTTPOnlyKeys() {
        let yaml =
            ConfigFixtures.minimal + "\nhealthChecks: [{id: a, type: TCP, target: \"127.0.0.1:1\", searchString: x}]\n"
        let problems = ConfigFixtures.problems(at: "healthChecks[0]", in: yaml)
        #expect(problems.first?.severity == .warning)
    }

    @Test func resolverSettingsDecodeAndValidate() throws {
        let good =
            ConfigFixtures.minimal + """

                resolver: {nameservers: ["127.0.0.1:5354", "[::1]:53"], hostsFile: "", timeout: 1s, attempts: 3}
                """
        let config = try ConfigLoader.parse(yaml: good, file: "edge.yaml", baseDirectory: "/tmp").configuration
        #expect(config.resolver.nameservers == ["127.0.0.1:5354", "[::1]:53"])
        #expect(config.resolver.timeout == .seconds(1))
        #expect(config.resolver.attempts == 3)
        #expect(config.resolver.maximumTTL == .seconds(3600))
        let bad =
            ConfigFixtures.minimal + """

                resolver: {nameservers: ["ns.example.test:53"], attempts: 9, hostsFile: /nonexistent/hosts}
                """
        let paths = Set(ConfigFixtures.problems(bad).map(\.keyPath))
        #expect(paths == ["resolver.nameservers[0]", "resolver.attempts", "resolver.hostsFile"])
    }
}

@Suite struct ResponseRateLimitConfigTests {
    @Test func defaultsAreGenerousAndExemptLoopback() throws {
        let yaml = ConfigFixtures.minimal + "\ndns: {listeners: [\"127.0.0.1:5353\"]}\n"
        let dns = try #require(
            try ConfigLoader.parse(yaml: yaml, file: "e.yaml", baseDirectory: "/tmp").configuration.dns)
        #expect(dns.responseRateLimit == ResponseRateLimitConfig())
        #expect(dns.responseRateLimit.responsesPerSecond == 1000)
        #expect(dns.responseRateLimit.exemptLoopback)
    }

    @Test func keysDecodeAndRangesAreChecked() throws {
        let good =
            ConfigFixtures.minimal + """

                dns:
                  responseRateLimit: {responsesPerSecond: 50, burst: 100, slip: 0, exemptLoopback: false}
                """
        let limit = try #require(
            try ConfigLoader.parse(yaml: good, file: "e.yaml", baseDirectory: "/tmp").configuration.dns
        )
        .responseRateLimit
        #expect(limit == ResponseRateLimitConfig(responsesPerSecond: 50, burst: 100, slip: 0, exemptLoopback: false))
        let bad =
            ConfigFixtures.minimal + """

                dns:
                  responseRateLimit: {responsesPerSecond: 0, slip: 11, ipv4PrefixLength: 33, exempt: true}
                """
        let paths = Set(ConfigFixtures.problems(bad).map(\.keyPath))
        #expect(
            paths == [
                "dns.responseRateLimit.responsesPerSecond", "dns.responseRateLimit.slip",
                "dns.responseRateLimit.ipv4PrefixLength", "dns.responseRateLimit.exempt",
            ])
    }
}

@Suite struct DNSPacketCacheConfigTests {
    @Test func packetCacheBytesDecodesAndIsRangeChecked() throws {
        let yaml = ConfigFixtures.minimal + "\ndns: {listeners: [\"127.0.0.1:5353\"], packetCacheBytes: 0}\n"
        let dns = try #require(
            try ConfigLoader.parse(yaml: yaml, file: "e.yaml", baseDirectory: "/tmp").configuration.dns)
        #expect(dns.packetCacheBytes == 0)
        let unset = ConfigFixtures.minimal + "\ndns: {listeners: [\"127.0.0.1:5353\"]}\n"
        #expect(
            try ConfigLoader.parse(yaml: unset, file: "e.yaml", baseDirectory: "/tmp").configuration.dns?
                .packetCacheBytes == nil)
        for bad in ["-1", "2000000000", "lots"] {
            let text = ConfigFixtures.minimal + "\ndns: {listeners: [\"127.0.0.1:5353\"], packetCacheBytes: \(bad)}\n"
            #expect(ConfigFixtures.problems(text).map(\.keyPath) == ["dns.packetCacheBytes"])
        }
    }
}
