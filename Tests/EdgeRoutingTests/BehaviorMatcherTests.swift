import EdgeConfig
import Testing

@testable import EdgeRouting

@Suite("BehaviorMatcher")
struct BehaviorMatcherTests {
    let matcher: BehaviorMatcher

    init() throws {
        matcher = try BehaviorMatcher(
            Fixtures.distribution(patterns: ["/api/v1/*", "/api/*", "*.jpg", "/static/*", "/index.html"]))
    }

    @Test(
        "first match in list order wins",
        arguments: [
            ("/api/v1/users", BehaviorIndex.behavior(0)),
            ("/api/v2/users", .behavior(1)),
            ("/api/v1/photo.jpg", .behavior(0)),  // both 0 and 2 match: the earlier wins
            ("/photo.jpg", .behavior(2)),
            ("/static/photo.jpg", .behavior(2)),  // 2 is listed before 3
            ("/static/app.css", .behavior(3)),
            ("/index.html", .behavior(4)),
            ("/", .default),
            ("/index.htm", .default),
            ("/API/v1/users", .default),
        ])
    func firstMatchWins(_ path: String, _ expected: BehaviorIndex) {
        #expect(matcher.match(path: path[...]).index == expected)
        let viaBytes = Array(path.utf8).withUnsafeBytes { matcher.match(utf8: $0).index }
        #expect(viaBytes == expected)
    }

    @Test("a match carries the behavior and its pattern; the default reports `*`")
    func matchContents() throws {
        let api = matcher.match(path: "/api/x")
        #expect(api.pathPattern == "/api/*")
        #expect(api.behavior.targetOriginId == "origin-/api/*")
        #expect(try api.pattern == PathPattern("/api/*"))
        let fallback = matcher.match(path: "/nothing")
        #expect(fallback.index == .default)
        #expect(fallback.pathPattern == "*")
        #expect(fallback.behavior.targetOriginId == "site")
        #expect(matcher.count == 5)
    }

    @Test("the default behavior answers when there are no cacheBehaviors")
    func onlyDefault() throws {
        let matcher = try BehaviorMatcher(Fixtures.distribution())
        #expect(matcher.count == 0)
        #expect(matcher.match(path: "/anything").index == .default)
        #expect(matcher.match(path: "").index == .default)
    }

    @Test("behaviors can be looked up by index")
    func lookupByIndex() {
        #expect(matcher.behavior(at: .behavior(3))?.pathPattern == "/static/*")
        #expect(matcher.behavior(at: .default)?.behavior.targetOriginId == "site")
        #expect(matcher.behavior(at: .behavior(5)) == nil)
        #expect(matcher.behavior(at: .behavior(-1)) == nil)
    }

    @Test("an invalid pattern is reported with its key path")
    func invalidPattern() {
        let distribution = Fixtures.distribution(patterns: ["/ok/*", "/bad pattern"])
        #expect(
            throws: PathPatternError(
                .invalidCharacter(" ", offset: 4), pattern: "/bad pattern",
                keyPath: "distributions[3].cacheBehaviors[1].pathPattern")
        ) {
            try BehaviorMatcher(distribution, keyPathPrefix: "distributions[3].")
        }
    }

    @Test("a cacheBehaviors entry without a pattern is an empty pattern")
    func missingPattern() {
        #expect(throws: PathPatternError(.empty, pattern: "", keyPath: "cacheBehaviors[0].pathPattern")) {
            try BehaviorMatcher(Fixtures.distribution(patterns: [nil]))
        }
    }

    @Test("behavior indices print as key paths")
    func indexDescription() {
        #expect(BehaviorIndex.behavior(2).description == "cacheBehaviors[2]")
        #expect(BehaviorIndex.default.description == "defaultCacheBehavior")
    }
}
