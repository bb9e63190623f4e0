import Foundation
import Testing

@testable import EdgeConfig

@Suite struct ConfigLoaderTests {
    @Test func contractExampleLoadsWithEveryField() throws {
        let directory = try ConfigFixtures.makeContractDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ConfigFixtures.contract.write(toFile: "\(directory)/edge.yaml", atomically: true, encoding: .utf8)

        let loaded = try ConfigLoader.load(path: "\(directory)/edge.yaml")
        let config = loaded.configuration
        #expect(loaded.baseDirectory == URL(fileURLWithPath: directory).standardizedFileURL.path)
        #expect(config.node == NodeSettings(name: "edge-local", region: "local", stateDirectory: ".edge-state"))
        #expect(config.listeners.map(\.protocol) == [.http, .https, .admin])
        #expect(config.listeners[1].minimumProtocolVersion == .tlsV1_2)
        #expect(config.listeners[2].tokenFile == "admin.token")
        #expect(config.certificates[0].domains == ["example.test", "www.example.test"])
        #expect(config.certificates[0].certificateFile == "certs/example.pem")
        #expect(
            config.certificates[1] == CertificateConfig(domains: ["*.example.test"], selfSigned: true, isDefault: true))
        #expect(
            config.dns
                == DNSSettings(
                    listeners: ["127.0.0.1:5353"],
                    zones: [.init(file: "zones/example.test.zone", policies: "zones/example.test.policies.yaml")]
                ))
        #expect(config.origins[0].kind == .directory(.init(path: "site")))
        #expect(
            config.origins[1].kind
                == .s3(.init(bucket: "assets", region: "us-east-1", endpoint: "http://127.0.0.1:5000")))
        #expect(
            config.origins[2]
                == OriginConfig(
                    id: "api", kind: .http(.init(url: "http://api.regional.example.test:8081")),
                    connectionTimeout: .seconds(10), connectionAttempts: 3, responseTimeout: .seconds(30),
                    keepaliveTimeout: .seconds(5)
                ))
        #expect(
            config.originGroups == [
                OriginGroupConfig(
                    id: "api-ha", members: ["api", "api-backup"], failoverStatusCodes: [500, 502, 503, 504])
            ])
        let main = try #require(config.distributions.first)
        #expect(main.aliases == ["example.test", "www.example.test"])
        #expect(main.viewerProtocolPolicy == .redirectToHTTPS)
        #expect(main.cacheBehaviors[0].pathPattern == "/api/*")
        #expect(main.cacheBehaviors[0].cachePolicy == .managed(.cachingDisabled))
        #expect(main.cacheBehaviors[0].allowedMethods.count == 7)
        #expect(main.cacheBehaviors[1].compress)
        #expect(main.cacheBehaviors[1].cachePolicy == .custom(minTTL: 0, defaultTTL: 86400, maxTTL: 31_536_000))
        #expect(main.defaultCacheBehavior == CacheBehaviorConfig(targetOriginId: "site"))
        // Only the expected warning: s3 not served yet.
        #expect(loaded.warnings.map(\.keyPath).sorted() == ["origins[1].s3"])
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning && $0.line != nil })
        #expect(loaded.warnings.first { $0.keyPath == "origins[1].s3" }?.line == 14)
    }

    @Test func contractFailsWhereItsFilesAreMissing() {
        let problems = ConfigFixtures.problems(ConfigFixtures.contract).filter { $0.severity == .error }
        #expect(
            problems.map(\.keyPath) == [
                "listeners[2].tokenFile", "certificates[0].certificateFile", "certificates[0].privateKeyFile",
                "dns.zones[0].file",
                "dns.zones[0].policies", "origins[0].directory.path",
            ])
        #expect(problems.map(\.line) == [5, 7, 7, 11, 11, 13])
        #expect(problems[0].message.contains("does not exist"))
    }

    @Test func defaultsApplyWhenKeysAreLeftOut() throws {
        let loaded = try ConfigLoader.parse(yaml: ConfigFixtures.minimal, file: "edge.yaml", baseDirectory: "/tmp")
        let config = loaded.configuration
        #expect(loaded.warnings.isEmpty)
        #expect(config.node == NodeSettings())
        #expect(config.node.drainTimeout == .seconds(10))
        #expect(config.limits == LimitsConfig(maxRequestHeaderBytes: 20_480, maxURLBytes: 8_192))
        #expect(config.accessLog.enabled)
        #expect(config.dns == nil)
        #expect(config.listeners[0].http2)
        let origin = config.origins[0]
        #expect(origin.connectionTimeout == .seconds(10))
        #expect(origin.connectionAttempts == 3)
        #expect(origin.responseTimeout == .seconds(30))
        #expect(origin.keepaliveTimeout == .seconds(5))
        let distribution = config.distributions[0]
        #expect(distribution.enabled)
        #expect(distribution.viewerProtocolPolicy == .allowAll)
        #expect(!distribution.debugHeaders)
        let behavior = distribution.defaultCacheBehavior
        #expect(behavior.pathPattern == nil)
        #expect(behavior.allowedMethods == ["GET", "HEAD"])
        #expect(behavior.cachedMethods == ["GET", "HEAD"])
        #expect(behavior.cachePolicy == .managed(.cachingOptimized))
        #expect(behavior.maxRequestBodyBytes == 10 * 1024 * 1024)
        #expect(!behavior.compress)
    }

    @Test func partialInlineCachePolicyAndGroupDefaults() throws {
        let yaml =
            ConfigFixtures.minimal + """

                  - id: other
                    aliases: [other.test]
                    defaultCacheBehavior: {targetOriginId: app, cachePolicy: {maxTTL: 100000}}
                originGroups:
                  - {id: g, members: [app, app2]}
                """
        let fixed = yaml.replacingOccurrences(
            of: "    http: {url: \"http://127.0.0.1:9000\"}",
            with: "    http: {url: \"http://127.0.0.1:9000\"}\n  - {id: app2, http: {url: \"http://127.0.0.1:9001\"}}"
        )
        let config = try ConfigLoader.parse(yaml: fixed, file: "edge.yaml", baseDirectory: "/tmp").configuration
        #expect(
            config.distributions[1].defaultCacheBehavior.cachePolicy
                == .custom(minTTL: 0, defaultTTL: 86400, maxTTL: 100_000))
        #expect(config.originGroups[0].failoverStatusCodes == [500, 502, 503, 504])
    }

    @Test func everyOptionalKeyDecodes() throws {
        let yaml = """
            node: {name: n1, region: eu, stateDirectory: /var/edge, drainTimeout: 2m}
            listeners:
              - {name: h, address: "[::1]:8443", protocol: https, minimumProtocolVersion: TLSv1.3, http2: false}
            certificates:
              - {domains: [a.test], selfSigned: true}
            origins:
              - id: app
                http: {url: "http://127.0.0.1:9000"}
                customHeaders: [{name: X-Origin-Key, value: secret}]
            distributions:
              - id: main
                aliases: [a.test]
                enabled: false
                debugHeaders: true
                cacheBehaviors:
                  - pathPattern: /upload/*
                    targetOriginId: app
                    viewerProtocolPolicy: https-only
                    allowedMethods: [GET, HEAD, OPTIONS]
                    cachedMethods: [GET, HEAD, OPTIONS]
                    maxRequestBodyBytes: 1MiB
                    responseHeadersPolicy:
                      customHeaders: [{header: X-Frame-Options, value: DENY, override: false}]
                      removeHeaders: [Server]
                defaultCacheBehavior: {targetOriginId: app, cachePolicy: UseOriginCacheControlHeaders}
                customErrorResponses:
                  - {errorCode: 404, responsePagePath: /404.html, responseCode: 200, errorCachingMinTTL: 60}
            limits: {maxRequestHeaderBytes: 32KiB, maxURLBytes: 4KB}
            accessLog: {enabled: false}
            healthChecks: []
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "edge.yaml", baseDirectory: "/tmp").configuration
        #expect(
            config.node
                == NodeSettings(name: "n1", region: "eu", stateDirectory: "/var/edge", drainTimeout: .seconds(120)))
        #expect(config.listeners[0].minimumProtocolVersion == .tlsV1_3)
        #expect(!config.listeners[0].http2)
        #expect(config.listeners[0].hostAndPort?.host == "::1")
        #expect(config.origins[0].customHeaders == [HeaderPair(name: "X-Origin-Key", value: "secret")])
        let distribution = config.distributions[0]
        #expect(!distribution.enabled)
        #expect(distribution.debugHeaders)
        let behavior = distribution.cacheBehaviors[0]
        #expect(behavior.viewerProtocolPolicy == .httpsOnly)
        #expect(behavior.cachedMethods == ["GET", "HEAD", "OPTIONS"])
        #expect(behavior.maxRequestBodyBytes == 1_048_576)
        #expect(
            behavior.responseHeadersPolicy
                == ResponseHeadersPolicy(
                    customHeaders: [.init(header: "X-Frame-Options", value: "DENY", override: false)],
                    removeHeaders: ["Server"]
                ))
        #expect(distribution.defaultCacheBehavior.cachePolicy == .managed(.useOriginCacheControlHeaders))
        #expect(
            distribution.customErrorResponses == [
                CustomErrorResponse(
                    errorCode: 404, responsePagePath: "/404.html", responseCode: 200, errorCachingMinTTL: 60)
            ])
        #expect(config.limits == LimitsConfig(maxRequestHeaderBytes: 32_768, maxURLBytes: 4_000))
        #expect(!config.accessLog.enabled)
    }

    @Test func resolvePathJoinsRelativePathsOnly() {
        let loaded = LoadedConfiguration(configuration: .init(), file: "edge.yaml", baseDirectory: "/etc/edge")
        #expect(loaded.resolvePath("certs/a.pem") == "/etc/edge/certs/a.pem")
        #expect(loaded.resolvePath("./site") == "/etc/edge/site")
        #expect(loaded.resolvePath("/abs/file") == "/abs/file")
    }

    @Test func loadReportsAMissingFile() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent-edge-dir/edge.yaml")
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.problems.map(\.description) == ["/nonexistent-edge-dir/edge.yaml: no such file"])
        }
    }

    @Test func emptyDocumentLoadsDefaultsWithWarnings() throws {
        let loaded = try ConfigLoader.parse(yaml: "# nothing yet\n", file: "edge.yaml", baseDirectory: "/tmp")
        #expect(loaded.configuration == EdgeConfiguration())
        #expect(loaded.warnings.map(\.keyPath) == ["listeners", "distributions"])
    }
}

@Suite struct ClientNetworkDecodingTests {
    @Test func clientNetworksAreDecodedAndUnknownKeysRefused() throws {
        let yaml = """
            dns:
              clientNetworks:
                - {cidr: 10.1.0.0/16, region: eu-west-1, countryCode: IE, continentCode: EU}
                - {cidr: "2001:db8::/32", subdivisionCode: CA, countryCode: US}
            """
        let loaded = try ConfigLoader.parse(yaml: yaml, file: "edge.yaml", baseDirectory: "/tmp")
        #expect(
            loaded.configuration.dns?.clientNetworks == [
                ClientNetworkConfig(cidr: "10.1.0.0/16", region: "eu-west-1", countryCode: "IE", continentCode: "EU"),
                ClientNetworkConfig(cidr: "2001:db8::/32", countryCode: "US", subdivisionCode: "CA"),
            ])
        let bad = "dns:\n  clientNetworks:\n    - {cidr: 10.1.0.0/16, regoin: eu-west-1}\n"
        #expect(throws: ConfigLoadError.self) {
            try ConfigLoader.parse(yaml: bad, file: "edge.yaml", baseDirectory: "/tmp")
        }
        do {
            _ = try ConfigLoader.parse(yaml: bad, file: "edge.yaml", baseDirectory: "/tmp")
        } catch {
            #expect(error.problems.contains { $0.line == 3 && $0.message.contains("did you mean 'region'") })
        }
    }
}
