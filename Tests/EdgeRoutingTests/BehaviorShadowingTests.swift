import EdgeConfig
import Testing

@testable import EdgeRouting

@Suite("BehaviorShadowing")
struct BehaviorShadowingTests {
    private func warnings(_ patterns: [String?]) -> [String] {
        let configuration = EdgeConfiguration(distributions: [
            Fixtures.distribution(id: "first", patterns: ["/ok/*"]),
            Fixtures.distribution(id: "second", patterns: patterns),
        ])
        let problems = BehaviorShadowing.problems(in: configuration, file: "edge.yaml")
        #expect(problems.allSatisfy { $0.severity == .warning && $0.file == "edge.yaml" && $0.line == nil })
        return problems.map(\.description)
    }

    @Test("a behavior covered by an earlier one is reported once, naming the first that covers it")
    func shadowed() {
        #expect(
            warnings(["/api/*", "/api/*", "/api/v1/*", "/static/*", "/api/users"]) == [
                "edge.yaml: distributions[1].cacheBehaviors[1].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[0] ('/api/*')",
                "edge.yaml: distributions[1].cacheBehaviors[2].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[0] ('/api/*')",
                "edge.yaml: distributions[1].cacheBehaviors[4].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[0] ('/api/*')",
            ])
    }

    @Test("a more specific behavior listed first is fine")
    func specificFirst() {
        #expect(warnings(["/api/v1/*", "/api/*", "*.jpg", "/images/*.png", "/a?c", "/a*"]).isEmpty)
    }

    @Test("a catch-all entry shadows the default and every later entry")
    func catchAll() {
        let found = warnings(["/api/*", "*", "/static/*", "/*"])
        #expect(
            found == [
                "edge.yaml: distributions[1].cacheBehaviors[1].pathPattern: warning: '*' matches every path, so "
                    + "defaultCacheBehavior and any later cacheBehaviors never match; make it the "
                    + "defaultCacheBehavior instead",
                "edge.yaml: distributions[1].cacheBehaviors[2].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[1] ('*')",
                "edge.yaml: distributions[1].cacheBehaviors[3].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[1] ('*')",
            ])
    }

    @Test("`/*` also matches every request path")
    func slashStar() {
        let found = warnings(["/*"])
        #expect(found.count == 1)
        #expect(found.first?.contains("'/*' matches every path") == true)
    }

    @Test("patterns written with and without the leading slash shadow each other; `*.jpg` covers `/a/*.jpg`")
    func equivalentSpelling() {
        #expect(
            warnings(["images/*", "/images/*", "*.jpg", "/a/*.jpg"]) == [
                "edge.yaml: distributions[1].cacheBehaviors[1].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[0] ('images/*')",
                "edge.yaml: distributions[1].cacheBehaviors[3].pathPattern: warning: never matches: "
                    + "shadowed by cacheBehaviors[2] ('*.jpg')",
            ])
    }

    @Test("invalid and missing patterns are skipped by shadowing and reported as errors by RoutingValidation")
    func invalidPatterns() {
        #expect(warnings(["/a b", nil, "/a*"]).isEmpty)
        let configuration = EdgeConfiguration(distributions: [
            Fixtures.distribution(patterns: ["/a b", nil, "/a*", "/ab"])
        ])
        let problems = RoutingValidation.problems(in: configuration, file: "edge.yaml")
        #expect(problems.map(\.severity) == [.error, .error, .warning])
        #expect(
            problems.map(\.keyPath) == [
                "distributions[0].cacheBehaviors[0].pathPattern", "distributions[0].cacheBehaviors[1].pathPattern",
                "distributions[0].cacheBehaviors[3].pathPattern",
            ])
        #expect(problems[0].message.hasPrefix("path pattern '/a b' has ' ' at offset 2"))
        #expect(problems[1].message == "missing: every cacheBehaviors entry needs a pathPattern")
    }

    @Test("disabled distributions are checked too")
    func disabled() {
        let configuration = EdgeConfiguration(distributions: [
            Fixtures.distribution(enabled: false, patterns: ["/x/*", "/x/y"])
        ])
        #expect(
            BehaviorShadowing.problems(in: configuration, file: "f").map(\.keyPath) == [
                "distributions[0].cacheBehaviors[1].pathPattern"
            ])
    }
}
