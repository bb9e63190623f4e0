import Foundation
import Testing

@testable import EdgeConfig

/// One validation rule exercised: a configuration, where the problem is, and what it says.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var keyPath: String
    var fragment: String
    var severity: ConfigProblem.Severity = .error
    var testDescription: String { name }

    /// A configuration from parts; each defaults to a valid minimal section.
    static func config(
        listeners: String = #"  - {name: http, address: "127.0.0.1:8080", protocol: http}"#,
        origins: String = #"  - {id: app, http: {url: "http://127.0.0.1:9000"}}"#,
        distributions: String = "  - {id: main, aliases: [a.test], defaultCacheBehavior: {targetOriginId: app}}",
        extra: String = ""
    ) -> String {
        "listeners:\n\(listeners)\norigins:\n\(origins)\ndistributions:\n\(distributions)\n\(extra)"
    }

    /// A configuration whose only distribution has `behavior` (inline mapping body) as its first behavior.
    static func behavior(_ behavior: String) -> String {
        config(
            distributions: """
                  - id: main
                    cacheBehaviors: [{\(behavior)}]
                    defaultCacheBehavior: {targetOriginId: app}
                """)
    }
}

@Suite struct ConfigValidationTests {
    static let twoOrigins = """
          - {id: app, http: {url: "http://127.0.0.1:9000"}}
          - {id: app2, http: {url: "http://127.0.0.1:9001"}}
        """

    static let cases: [ValidationCase] = [
        .init(
            name: "duplicate listener name",
            yaml: ValidationCase.config(
                listeners: """
                      - {name: http, address: "127.0.0.1:8080", protocol: http}
                      - {name: http, address: "127.0.0.1:8081", protocol: http}
                    """), keyPath: "listeners[1].name",
            fragment: "duplicate listener name 'http' (already used by listeners[0].name)"),
        .init(
            name: "address without port",
            yaml: ValidationCase.config(
                listeners: #"  - {name: http, address: "127.0.0.1", protocol: http}"#),
            keyPath: "listeners[0].address", fragment: "is not a valid address; expected host:port"),
        .init(
            name: "port out of range",
            yaml: ValidationCase.config(
                listeners: #"  - {name: http, address: "127.0.0.1:70000", protocol: http}"#),
            keyPath: "listeners[0].address", fragment: "port 0–65535"),
        .init(
            name: "unbracketed IPv6",
            yaml: ValidationCase.config(
                listeners: #"  - {name: http, address: "::1:8080", protocol: http}"#),
            keyPath: "listeners[0].address", fragment: "[ipv6]:port"),
        .init(
            name: "same address twice",
            yaml: ValidationCase.config(
                listeners: """
                      - {name: a, address: "127.0.0.1:8080", protocol: http}
                      - {name: b, address: "127.0.0.1:8080", protocol: http}
                    """), keyPath: "listeners[1].address", fragment: "already used by listeners[0]"),
        .init(
            name: "https without certificates",
            yaml: ValidationCase.config(
                listeners: #"  - {name: tls, address: "127.0.0.1:8443", protocol: https}"#),
            keyPath: "listeners[0].protocol", fragment: "needs at least one entry in 'certificates'"),
        .init(
            name: "admin without token",
            yaml: ValidationCase.config(
                listeners: """
                      - {name: http, address: "127.0.0.1:8080", protocol: http}
                      - {name: admin, address: "127.0.0.1:9090", protocol: admin}
                    """), keyPath: "listeners[1].tokenFile", fragment: "an admin listener needs tokenFile"),
        .init(
            name: "admin token file missing",
            yaml: ValidationCase.config(
                listeners: """
                      - {name: http, address: "127.0.0.1:8080", protocol: http}
                      - {name: admin, address: "127.0.0.1:9090", protocol: admin, tokenFile: admin.token}
                    """), keyPath: "listeners[1].tokenFile", fragment: "does not exist"),
        .init(
            name: "only an admin listener",
            yaml: ValidationCase.config(
                listeners: #"  - {name: admin, address: "127.0.0.1:9090", protocol: admin, tokenFile: /dev/null}"#),
            keyPath: "listeners", fragment: "no http or https listener", severity: .warning),
        .init(
            name: "certificate without domains",
            yaml: ValidationCase.config(
                extra: "certificates: [{domains: [], selfSigned: true}]"),
            keyPath: "certificates[0].domains", fragment: "at least one domain"),
        .init(
            name: "invalid certificate domain",
            yaml: ValidationCase.config(
                extra: "certificates: [{domains: [bad_name.test], selfSigned: true}]"),
            keyPath: "certificates[0].domains[0]", fragment: "'bad_name.test' is not a valid DNS name"),
        .init(
            name: "double wildcard",
            yaml: ValidationCase.config(
                extra: #"certificates: [{domains: ["*.*.a.test"], selfSigned: true}]"#),
            keyPath: "certificates[0].domains[0]", fragment: "at most a single leading '*.'"),
        .init(
            name: "selfSigned and files",
            yaml: ValidationCase.config(
                extra:
                    "certificates: [{domains: [a.test], selfSigned: true, certificateFile: a.pem, privateKeyFile: a.key}]"
            ),
            keyPath: "certificates[0].selfSigned", fragment: "not both"),
        .init(
            name: "no certificate source", yaml: ValidationCase.config(extra: "certificates: [{domains: [a.test]}]"),
            keyPath: "certificates[0]", fragment: "needs certificateFile and privateKeyFile, or selfSigned: true"),
        .init(
            name: "certificate without key",
            yaml: ValidationCase.config(
                extra: "certificates: [{domains: [a.test], certificateFile: a.pem}]"),
            keyPath: "certificates[0].privateKeyFile", fragment: "go together"),
        .init(
            name: "certificate file missing",
            yaml: ValidationCase.config(
                extra: "certificates: [{domains: [a.test], certificateFile: a.pem, privateKeyFile: a.key}]"),
            keyPath: "certificates[0].certificateFile", fragment: "(/nonexistent-edge-base/a.pem) does not exist"),
        .init(
            name: "two defaults",
            yaml: ValidationCase.config(
                extra: """
                    certificates:
                      - {domains: [a.test], selfSigned: true, default: true}
                      - {domains: [b.test], selfSigned: true, default: true}
                    """), keyPath: "certificates[1].default", fragment: "only one certificate can be the default"),
        .init(
            name: "domain in two certificates",
            yaml: ValidationCase.config(
                extra: """
                    certificates:
                      - {domains: [a.test], selfSigned: true}
                      - {domains: [b.test, A.test], selfSigned: true}
                    """), keyPath: "certificates[1].domains[1]", fragment: "is also in certificates[0].domains[0]"),
        .init(
            name: "duplicate origin id",
            yaml: ValidationCase.config(
                origins: """
                      - {id: app, http: {url: "http://127.0.0.1:9000"}}
                      - {id: app, http: {url: "http://127.0.0.1:9001"}}
                    """), keyPath: "origins[1].id", fragment: "duplicate origin id 'app'"),
        .init(
            name: "https origin",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "https://api.test"}}"#),
            keyPath: "origins[0].http.url", fragment: "https origins are not supported yet"),
        .init(
            name: "other scheme", yaml: ValidationCase.config(origins: #"  - {id: app, http: {url: "ftp://a.test"}}"#),
            keyPath: "origins[0].http.url", fragment: "must start with http://"),
        .init(
            name: "origin url with query",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test/x?y=1"}}"#),
            keyPath: "origins[0].http.url", fragment: "a query or fragment is not allowed"),
        .init(
            name: "origin port zero",
            yaml: ValidationCase.config(origins: #"  - {id: app, http: {url: "http://a.test:0"}}"#),
            keyPath: "origins[0].http.url", fragment: "port must be 1–65535"),
        .init(
            name: "missing directory", yaml: ValidationCase.config(origins: "  - {id: app, directory: {path: site}}"),
            keyPath: "origins[0].directory.path", fragment: "does not exist"),
        .init(
            name: "index document with slash",
            yaml: ValidationCase.config(
                origins: "  - {id: app, directory: {path: /, indexDocument: a/b.html}}"),
            keyPath: "origins[0].directory.indexDocument", fragment: "without '/'"),
        .init(
            name: "too many attempts",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, connectionAttempts: 4}"#),
            keyPath: "origins[0].connectionAttempts", fragment: "must be 1–3 (CloudFront's range), got 4"),
        .init(
            name: "connect timeout too long",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, connectionTimeout: 11s}"#),
            keyPath: "origins[0].connectionTimeout", fragment: "must be 1–10 s (CloudFront's range), got 11s"),
        .init(
            name: "response timeout too long",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, responseTimeout: 3m1s}"#),
            keyPath: "origins[0].responseTimeout", fragment: "expected a duration"),
        .init(
            name: "response timeout over 180 s",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, responseTimeout: 181}"#),
            keyPath: "origins[0].responseTimeout", fragment: "must be 1–180 s (CloudFront's range), got 181s"),
        .init(
            name: "keepalive too short",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, keepaliveTimeout: 500ms}"#),
            keyPath: "origins[0].keepaliveTimeout", fragment: "must be 1–180 s (CloudFront's range), got 500ms"),
        .init(
            name: "too many idle connections",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, maxIdleConnections: 20000}"#),
            keyPath: "origins[0].maxIdleConnections", fragment: "must be 0–16384, got 20000"),
        .init(
            name: "bad origin custom header",
            yaml: ValidationCase.config(
                origins: #"  - {id: app, http: {url: "http://a.test"}, customHeaders: [{name: "X Bad", value: v}]}"#),
            keyPath: "origins[0].customHeaders[0].name", fragment: "not a valid header name"),
        .init(
            name: "s3 origin",
            yaml: ValidationCase.config(
                origins: """
                      - {id: app, http: {url: "http://a.test"}}
                      - {id: bucket, s3: {bucket: b}}
                    """), keyPath: "origins[1].s3", fragment: "s3 origins are not served yet; requests to it get 502",
            severity: .warning),
        .init(
            name: "group id clashes with origin",
            yaml: ValidationCase.config(
                origins: twoOrigins,
                extra: "originGroups: [{id: app, members: [app, app2]}]"),
            keyPath: "originGroups[0].id", fragment: "'app' is already an origin id"),
        .init(
            name: "group with one member",
            yaml: ValidationCase.config(extra: "originGroups: [{id: g, members: [app]}]"),
            keyPath: "originGroups[0].members", fragment: "at least 2 members, got 1"),
        .init(
            name: "group member unknown",
            yaml: ValidationCase.config(
                origins: twoOrigins,
                extra: "originGroups: [{id: g, members: [app, app3]}]"),
            keyPath: "originGroups[0].members[1]", fragment: "no origin has id 'app3'; did you mean 'app'?"),
        .init(
            name: "group member is a group",
            yaml: ValidationCase.config(
                origins: twoOrigins,
                extra: """
                    originGroups:
                      - {id: g1, members: [app, app2]}
                      - {id: g2, members: [app, g1]}
                    """), keyPath: "originGroups[1].members[1]", fragment: "'g1' is an origin group"),
        .init(
            name: "failover status not allowed",
            yaml: ValidationCase.config(
                origins: twoOrigins,
                extra: "originGroups: [{id: g, members: [app, app2], failoverCriteria: {statusCodes: [502, 501]}}]"),
            keyPath: "originGroups[0].failoverCriteria.statusCodes[1]", fragment: "501 cannot trigger failover"),
        .init(
            name: "duplicate distribution id",
            yaml: ValidationCase.config(
                distributions: """
                      - {id: main, aliases: [a.test], defaultCacheBehavior: {targetOriginId: app}}
                      - {id: main, aliases: [b.test], defaultCacheBehavior: {targetOriginId: app}}
                    """), keyPath: "distributions[1].id", fragment: "duplicate distribution id 'main'"),
        .init(
            name: "invalid alias",
            yaml: ValidationCase.config(
                distributions: "  - {id: main, aliases: [a..test], defaultCacheBehavior: {targetOriginId: app}}"),
            keyPath: "distributions[0].aliases[0]", fragment: "'a..test' is not a valid host name"),
        .init(
            name: "alias in two distributions",
            yaml: ValidationCase.config(
                distributions: """
                      - {id: one, aliases: ["*.a.test"], defaultCacheBehavior: {targetOriginId: app}}
                      - {id: two, aliases: [b.test, "*.A.test"], defaultCacheBehavior: {targetOriginId: app}}
                    """), keyPath: "distributions[1].aliases[1]",
            fragment: "already used by distributions[0].aliases[0]"),
        .init(
            name: "unknown target",
            yaml: ValidationCase.config(
                distributions: "  - {id: main, defaultCacheBehavior: {targetOriginId: ap}}"),
            keyPath: "distributions[0].defaultCacheBehavior.targetOriginId", fragment: "did you mean 'app'?"),
        .init(
            name: "empty path pattern", yaml: ValidationCase.behavior(#"pathPattern: "", targetOriginId: app"#),
            keyPath: "distributions[0].cacheBehaviors[0].pathPattern", fragment: "'pathPattern' needs a value: a string"
        ),
        .init(
            name: "path pattern too long",
            yaml: ValidationCase.behavior(
                "pathPattern: /\(String(repeating: "a", count: 255)), targetOriginId: app"),
            keyPath: "distributions[0].cacheBehaviors[0].pathPattern", fragment: "256 characters; at most 255"),
        .init(
            name: "path pattern character", yaml: ValidationCase.behavior("pathPattern: /a%20b, targetOriginId: app"),
            keyPath: "distributions[0].cacheBehaviors[0].pathPattern", fragment: "'%' is not allowed in a path pattern"),
        .init(
            name: "catch-all pattern", yaml: ValidationCase.behavior(#"pathPattern: "/*", targetOriginId: app"#),
            keyPath: "distributions[0].cacheBehaviors[0].pathPattern", fragment: "matches every path",
            severity: .warning),
        .init(
            name: "duplicate pattern",
            yaml: ValidationCase.config(
                distributions: """
                      - id: main
                        cacheBehaviors:
                          - {pathPattern: /a/*, targetOriginId: app}
                          - {pathPattern: /a/*, targetOriginId: app}
                        defaultCacheBehavior: {targetOriginId: app}
                    """), keyPath: "distributions[0].cacheBehaviors[1].pathPattern",
            fragment: "duplicate pathPattern '/a/*'"),
        .init(
            name: "unknown method",
            yaml: ValidationCase.behavior("pathPattern: /a, targetOriginId: app, allowedMethods: [GET, HEAD, get]"),
            keyPath: "distributions[0].cacheBehaviors[0].allowedMethods[2]",
            fragment: "unknown method 'get'; did you mean 'GET'?"),
        .init(
            name: "method set not CloudFront's",
            yaml: ValidationCase.behavior(
                "pathPattern: /a, targetOriginId: app, allowedMethods: [GET, HEAD, POST]"),
            keyPath: "distributions[0].cacheBehaviors[0].allowedMethods", fragment: "CloudFront allows only",
            severity: .warning),
        .init(
            name: "cached method not allowed",
            yaml: ValidationCase.behavior(
                "pathPattern: /a, targetOriginId: app, cachedMethods: [GET, HEAD, OPTIONS]"),
            keyPath: "distributions[0].cacheBehaviors[0].cachedMethods[2]", fragment: "OPTIONS is not in allowedMethods"
        ),
        .init(
            name: "uncacheable method",
            yaml: ValidationCase.behavior(
                "pathPattern: /a, targetOriginId: app, allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE], cachedMethods: [GET, POST]"
            ),
            keyPath: "distributions[0].cacheBehaviors[0].cachedMethods[1]", fragment: "POST responses are never cached"),
        .init(
            name: "TTL order",
            yaml: ValidationCase.behavior(
                "pathPattern: /a, targetOriginId: app, cachePolicy: {minTTL: 10, defaultTTL: 5}"),
            keyPath: "distributions[0].cacheBehaviors[0].cachePolicy", fragment: "got 10, 5, 31536000"),
        .init(
            name: "zero body size",
            yaml: ValidationCase.behavior("pathPattern: /a, targetOriginId: app, maxRequestBodyBytes: 0"),
            keyPath: "distributions[0].cacheBehaviors[0].maxRequestBodyBytes", fragment: "must be positive"),
        .init(
            name: "bad remove header",
            yaml: ValidationCase.behavior(
                #"pathPattern: /a, targetOriginId: app, responseHeadersPolicy: {removeHeaders: ["a:b"]}"#),
            keyPath: "distributions[0].cacheBehaviors[0].responseHeadersPolicy.removeHeaders[0]",
            fragment: "not a valid header name"),
        .init(
            name: "error code out of range",
            yaml: ValidationCase.config(
                distributions:
                    "  - {id: m, customErrorResponses: [{errorCode: 302}], defaultCacheBehavior: {targetOriginId: app}}"
            ),
            keyPath: "distributions[0].customErrorResponses[0].errorCode", fragment: "must be 400–599, got 302"),
        .init(
            name: "duplicate error code",
            yaml: ValidationCase.config(
                distributions:
                    "  - {id: m, customErrorResponses: [{errorCode: 404}, {errorCode: 404}], defaultCacheBehavior: {targetOriginId: app}}"
            ),
            keyPath: "distributions[0].customErrorResponses[1].errorCode", fragment: "duplicate errorCode '404'"),
        .init(
            name: "response code out of range",
            yaml: ValidationCase.config(
                distributions:
                    "  - {id: m, customErrorResponses: [{errorCode: 404, responseCode: 100}], defaultCacheBehavior: {targetOriginId: app}}"
            ),
            keyPath: "distributions[0].customErrorResponses[0].responseCode", fragment: "must be 200–599, got 100"),
        .init(
            name: "relative error page",
            yaml: ValidationCase.config(
                distributions:
                    "  - {id: m, customErrorResponses: [{errorCode: 404, responsePagePath: e.html}], defaultCacheBehavior: {targetOriginId: app}}"
            ),
            keyPath: "distributions[0].customErrorResponses[0].responsePagePath", fragment: "must start with '/'"),
        .init(
            name: "https redirect without https listener",
            yaml: ValidationCase.config(
                distributions:
                    "  - {id: m, viewerProtocolPolicy: https-only, defaultCacheBehavior: {targetOriginId: app}}"),
            keyPath: "distributions[0].viewerProtocolPolicy", fragment: "there is no https listener", severity: .warning
        ),
        .init(
            name: "no distributions", yaml: ValidationCase.config(distributions: "  []"),
            keyPath: "distributions", fragment: "no distributions", severity: .warning),
        .init(
            name: "zero limit", yaml: ValidationCase.config(extra: "limits: {maxURLBytes: 0}"),
            keyPath: "limits.maxURLBytes", fragment: "must be positive, got 0"),
        .init(
            name: "idle timeout too long", yaml: ValidationCase.config(extra: "limits: {viewerIdleTimeout: 2h}"),
            keyPath: "limits.viewerIdleTimeout", fragment: "must be 1–3600 s, got"),
        .init(
            name: "handshake timeout too short",
            yaml: ValidationCase.config(extra: "limits: {tlsHandshakeTimeout: 200ms}"),
            keyPath: "limits.tlsHandshakeTimeout", fragment: "must be 1–60 s, got 200ms"),
        .init(
            name: "dns listener address", yaml: ValidationCase.config(extra: "dns: {listeners: [\"localhost\"]}"),
            keyPath: "dns.listeners[0]", fragment: "is not a valid address"),
        .init(
            name: "dns zone file missing",
            yaml: ValidationCase.config(extra: "dns: {listeners: [\"127.0.0.1:5353\"], zones: [{file: no/such.zone}]}"),
            keyPath: "dns.zones[0].file", fragment: "does not exist"),
        .init(
            name: "dns policies file missing",
            yaml: ValidationCase.config(
                extra: "dns: {zones: [{file: no/such.zone, policies: no/such.policies.yaml}], clientNetworks: []}"),
            keyPath: "dns.zones[0].policies", fragment: "does not exist"),
    ]

    @Test(arguments: cases)
    func ruleIsReported(_ rule: ValidationCase) {
        let problems = ConfigFixtures.problems(rule.yaml)
        let matching = problems.filter { $0.keyPath == rule.keyPath && $0.message.contains(rule.fragment) }
        #expect(matching.count == 1, "problems: \(problems.map(\.description))")
        #expect(matching.first?.severity == rule.severity)
        #expect(matching.first?.line != nil)
        // No error elsewhere (siblings aside), so each case checks one rule.
        let parent = ConfigDocument.parent(of: rule.keyPath) ?? ""
        let otherErrors = problems.filter {
            $0.severity == .error && $0.keyPath != rule.keyPath && ConfigDocument.parent(of: $0.keyPath) != parent
        }
        #expect(otherErrors.isEmpty, "unexpected: \(otherErrors.map(\.description))")
    }

    @Test func baseConfigurationIsValid() {
        #expect(ConfigFixtures.problems(ValidationCase.config()).isEmpty)
        #expect(ConfigFixtures.problems(ConfigFixtures.minimal).isEmpty)
    }

    @Test func validationProblemsGetExactLines() {
        let yaml = """
            listeners:
              - {name: http, address: "127.0.0.1:8080", protocol: http}
            origins:
              - id: app
                http: {url: "http://127.0.0.1:9000"}
                connectionAttempts: 5
            distributions:
              - id: main
                aliases: [a.test]
                cacheBehaviors:
                  - pathPattern: /x
                    targetOriginId: app
                    cachedMethods: [GET, HEAD, OPTIONS]
                defaultCacheBehavior:
                  targetOriginId: nowhere
            """
        let problems = ConfigFixtures.problems(yaml)
        #expect(
            problems.map { "\($0.line ?? 0) \($0.keyPath)" } == [
                "6 origins[0].connectionAttempts",
                "13 distributions[0].cacheBehaviors[0].cachedMethods[2]",
                "15 distributions[0].defaultCacheBehavior.targetOriginId",
            ])
    }

    @Test func directoryOriginMustBeADirectory() throws {
        let directory = try ConfigFixtures.makeContractDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = ValidationCase.config(origins: "  - {id: app, directory: {path: site}}")
        #expect(ConfigFixtures.problems(good, baseDirectory: directory).isEmpty)
        let file = ValidationCase.config(origins: "  - {id: app, directory: {path: admin.token}}")
        let problems = ConfigFixtures.problems(at: "origins[0].directory.path", in: file, baseDirectory: directory)
        #expect(problems.map(\.message) == ["'admin.token' (\(directory)/admin.token) is a file; expected a directory"])
        let absolute = ValidationCase.config(origins: "  - {id: app, directory: {path: \(directory)/site}}")
        #expect(ConfigFixtures.problems(absolute).isEmpty)
    }

    @Test func validateWorksOnConfigurationsBuiltInCode() {
        let config = EdgeConfiguration(
            listeners: [ListenerConfig(name: "h", address: "0.0.0.0:80", protocol: .http)],
            origins: [OriginConfig(id: "o", kind: .http(.init(url: "http://10.0.0.1")))],
            distributions: [
                DistributionConfig(id: "d", aliases: ["x.test"], defaultCacheBehavior: .init(targetOriginId: "missing"))
            ]
        )
        let problems = config.validate(baseDirectory: "/", file: "code")
        #expect(
            problems.map(\.description) == [
                "code: distributions[0].defaultCacheBehavior.targetOriginId: no origin or origin group has id 'missing'"
            ])
    }
}
