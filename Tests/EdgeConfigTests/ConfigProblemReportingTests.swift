import Testing

@testable import EdgeConfig

/// Decoding problems: unknown keys with suggestions, type errors, missing keys, all at once, with lines.
@Suite struct ConfigProblemReportingTests {
    @Test func misspeltKeyIsReportedOnItsLineWithASuggestion() {
        let yaml = """
            listeners:
              - {name: http, address: "127.0.0.1:8080", protocol: http}
            origins:
              - {id: app, http: {url: "http://127.0.0.1:9000"}}
            distributions:
              - id: main
                cacheBehaviors: [{pathPatern: /api/*, targetOriginId: app}]
                defaultCacheBehavior: {targetOriginId: app}
            """
        let problems = ConfigFixtures.problems(yaml)
        #expect(
            problems.map(\.description) == [
                "edge.yaml:7: distributions[0].cacheBehaviors[0].pathPatern: unknown key 'pathPatern'; did you mean 'pathPattern'?",
                "edge.yaml:7: distributions[0].cacheBehaviors[0].pathPattern: missing required key 'pathPattern' (a string)",
            ])
    }

    @Test func everyProblemIsReportedAtOnceSortedByLine() {
        let yaml = """
            node: {name: edge, drainTimeot: 5s}
            listeners:
              - name: http
                address: "127.0.0.1:8080"
                protocol: htp
            origins:
              - id: app
                http: {url: "http://127.0.0.1:9000"}
                connectionAttempts: many
                connectionTimeout: 10 seconds
              - id: files
            distribution: []
            distributions:
              - id: main
                viewerProtocolPolicy: redirect-to-http
                defaultCacheBehavior: {targetOriginId: ap, maxRequestBodyBytes: 10 MB}
            """
        let problems = ConfigFixtures.problems(yaml)
        let rendered = problems.map { "\($0.line ?? 0) \($0.keyPath): \($0.message)" }
        #expect(
            rendered == [
                "1 node.drainTimeot: unknown key 'drainTimeot'; did you mean 'drainTimeout'?",
                "5 listeners[0].protocol: expected one of http, https, admin, got 'htp'; did you mean 'http'?",
                "9 origins[0].connectionAttempts: expected an integer, got 'many'",
                "10 origins[0].connectionTimeout: expected \(ConfigUnits.durationForms), got '10 seconds'",
                "11 origins[1]: an origin needs exactly one of 'http: {url}', 'directory: {path}' or 's3: {bucket}'",
                "12 distribution: unknown key 'distribution'; did you mean 'distributions'?",
                "15 distributions[0].viewerProtocolPolicy: expected one of allow-all, redirect-to-https, https-only, "
                    + "got 'redirect-to-http'; did you mean 'redirect-to-https'?",
                "16 distributions[0].defaultCacheBehavior.targetOriginId: no origin or origin group has id 'ap'; "
                    + "did you mean 'app'?",
            ])
        #expect(problems.allSatisfy { $0.file == "edge.yaml" && $0.severity == .error })
    }

    @Test func typeErrorsNameWhatWasExpected() {
        let yaml = """
            listeners: {name: http}
            origins:
              - id: app
                http: "http://127.0.0.1:9000"
            distributions:
              - id: main
                aliases: [a.test, [b.test]]
                enabled: maybe
                defaultCacheBehavior: {targetOriginId: app, cachePolicy: [1]}
            """
        let byPath = Dictionary(grouping: ConfigFixtures.problems(yaml), by: \.keyPath)
        #expect(byPath["listeners"]?.first?.message == "expected a list of listeners, got a mapping")
        #expect(byPath["listeners"]?.first?.line == 1)
        #expect(
            byPath["origins[0].http"]?.first?.message
                == "expected HTTP origin settings (a mapping of keys to values), got 'http://127.0.0.1:9000'")
        #expect(byPath["origins[0].http"]?.first?.line == 4)
        #expect(byPath["distributions[0].aliases[1]"]?.first?.message == "expected a string, got a list")
        #expect(byPath["distributions[0].enabled"]?.first?.message == "expected true or false, got 'maybe'")
        #expect(byPath["distributions[0].enabled"]?.first?.line == 8)
        #expect(
            byPath["distributions[0].defaultCacheBehavior.cachePolicy"]?.first?.message
                == "expected a cache policy (a mapping of keys to values), got a list")
    }

    @Test func missingRequiredKeysAreNamedOnTheirParentsLine() {
        let yaml = """
            listeners:
              - {name: http, protocol: http}
            certificates:
              - selfSigned: true
            distributions:
              - aliases: [a.test]
            """
        let problems = ConfigFixtures.problems(yaml).filter { $0.severity == .error }
        #expect(
            problems.map { "\($0.line ?? 0) \($0.keyPath)" } == [
                "2 listeners[0].address", "4 certificates[0].domains", "6 distributions[0].id",
                "6 distributions[0].defaultCacheBehavior",
            ])
        #expect(problems[0].message == "missing required key 'address' (a string)")
    }

    @Test func originKindMustBeExactlyOne() {
        let two = ConfigFixtures.problems(
            at: "origins[0].directory",
            in: ConfigFixtures.minimal.replacingOccurrences(
                of: "    http: {url: \"http://127.0.0.1:9000\"}",
                with: "    http: {url: \"http://127.0.0.1:9000\"}\n    directory: {path: site}"
            )
        )
        #expect(two.map(\.message) == ["an origin has exactly one kind, but 'http' and 'directory' are both given"])
        #expect(two.first?.line == 6)
    }

    @Test func defaultBehaviorRejectsAPathPattern() {
        let yaml = ConfigFixtures.minimal.replacingOccurrences(
            of: "{targetOriginId: app}", with: "{targetOriginId: app, pathPattern: '*'}"
        )
        let problems = ConfigFixtures.problems(yaml)
        #expect(problems.map(\.keyPath) == ["distributions[0].defaultCacheBehavior.pathPattern"])
        #expect(problems.first?.message.contains("always matches '*'") == true)
        #expect(problems.first?.line == 9)
    }

    @Test func unknownManagedPolicyGetsASuggestion() {
        let yaml = ConfigFixtures.minimal.replacingOccurrences(
            of: "{targetOriginId: app}", with: "{targetOriginId: app, cachePolicy: CachingOptimised}"
        )
        let problems = ConfigFixtures.problems(at: "distributions[0].defaultCacheBehavior.cachePolicy", in: yaml)
        #expect(problems.count == 1)
        #expect(
            problems.first?.message.hasPrefix(
                "unknown managed cache policy 'CachingOptimised'; did you mean 'CachingOptimized'?") == true)
    }

    @Test func duplicateKeysAreErrorsOnTheSecondKeysLine() {
        let yaml = """
            accessLog:
              enabled: true
              enabled: false
            """
        let problems = ConfigFixtures.problems(at: "accessLog.enabled", in: yaml)
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message == "duplicate key 'enabled' (first on line 2); keys must be unique")
    }

    @Test func yamlSyntaxErrorsCarryTheirLine() {
        let problems = ConfigFixtures.problems("listeners:\n  - {name: http\norigins: []\n")
        #expect(problems.count == 1)
        #expect(problems.first?.keyPath == "")
        #expect(problems.first?.line != nil)
        #expect(problems.first?.description.hasPrefix("edge.yaml:\(problems.first?.line ?? 0): invalid YAML: ") == true)
    }

    @Test func topLevelMustBeAMapping() {
        let problems = ConfigFixtures.problems("- just\n- a list\n")
        #expect(problems.first?.message == "expected an edge configuration (a mapping of keys to values), got a list")
        #expect(problems.first?.line == 1)
    }

    @Test func laterSectionsAcceptOnlyEmptyLists() {
        let empty = ConfigFixtures.minimal + "\napis: []\nhealthChecks:\n"
        #expect(ConfigFixtures.problems(empty).isEmpty)
        let yaml = ConfigFixtures.minimal + "\napis:\n  - {name: petstore}\n"
        let problems = ConfigFixtures.problems(yaml)
        #expect(problems.map(\.keyPath) == ["apis"])
        #expect(problems.map(\.line) == [10])
        #expect(problems[0].message.contains("not built yet (see docs/not-supported.md)"))
    }

    @Test func emptyListItemIsReported() {
        let yaml = ConfigFixtures.minimal + "\ncertificates:\n  -\n"
        let problems = ConfigFixtures.problems(at: "certificates[0]", in: yaml)
        #expect(problems.map(\.message) == ["expected a certificate (a mapping of keys to values), got nothing"])
    }

    @Test func locateGivesForeignProblemsTheirLines() throws {
        let yaml = """
            listeners:
              - {name: http, address: "127.0.0.1:8080", protocol: http}
            origins:
              - {id: app, http: {url: "http://127.0.0.1:9000"}}
            distributions:
              - id: main
                cacheBehaviors:
                  - {pathPattern: "/a/*", targetOriginId: app}
                  - pathPattern: "/a/b/*"
                    targetOriginId: app
                defaultCacheBehavior: {targetOriginId: app}
            """
        let loaded = try ConfigLoader.parse(yaml: yaml, file: "edge.yaml", baseDirectory: "/tmp")
        let foreign = [
            ConfigProblem(file: "", keyPath: "distributions[0].cacheBehaviors[1].pathPattern", message: "shadowed"),
            ConfigProblem(file: "edge.yaml", keyPath: "distributions[0].cacheBehaviors[0]", message: "x"),
            ConfigProblem(file: "edge.yaml", keyPath: "distributions[0].cacheBehaviors[1].compress", message: "y"),
            ConfigProblem(file: "edge.yaml", keyPath: "distributions[0].enabled", message: "z"),
            ConfigProblem(file: "edge.yaml", line: 99, keyPath: "origins[0]", message: "kept"),
            ConfigProblem(file: "edge.yaml", keyPath: "nowhere.at.all", message: "root"),
        ]
        let located = loaded.locate(foreign)
        #expect(located.map(\.line) == [9, 8, 9, 6, 99, 1])
        #expect(located[0].file == "edge.yaml")
        #expect(located[0].description == "edge.yaml:9: distributions[0].cacheBehaviors[1].pathPattern: shadowed")
        #expect(loaded.line(forKeyPath: "distributions[0].defaultCacheBehavior.targetOriginId") == 11)
    }
}
