import EdgeConfig
import Testing

@testable import EdgeRouting

@Suite("RouteTable")
struct RouteTableTests {
    let table: RouteTable

    init() throws {
        table = try RouteTable(
            EdgeConfiguration(distributions: [
                Fixtures.distribution(id: "main", aliases: ["example.test"], patterns: ["/api/*", "/static/*"]),
                Fixtures.distribution(id: "off", aliases: ["off.test"], enabled: false, patterns: ["bad pattern"]),
                Fixtures.distribution(id: "img", aliases: ["*.img.test"], patterns: ["*.png"]),
            ]))
    }

    @Test("routes host and path to a distribution and behavior")
    func routes() throws {
        let route = try #require(table.route(host: "Example.test:8443", path: "/api/users"))
        #expect(route.distributionIndex == 0)
        #expect(route.distributionID == "main")
        #expect(route.distribution.aliases == ["example.test"])
        #expect(route.behaviorIndex == .behavior(0))
        #expect(route.pathPattern == "/api/*")
        #expect(route.behavior.targetOriginId == "origin-/api/*")
        #expect(route.match.index == .behavior(0))
    }

    @Test(
        "cuts the query string before matching",
        arguments: [
            ("/static/app.css?v=1", BehaviorIndex.behavior(1)), ("/index.html?x=/api/y", .default),
            ("/api/?", .behavior(0)), ("/api", .default), ("/api?/x", .default),
        ])
    func query(_ target: String, _ expected: BehaviorIndex) {
        #expect(table.route(host: "example.test", path: target[...])?.behaviorIndex == expected)
    }

    @Test("an empty path (or only a query) is matched as `/`")
    func emptyPath() throws {
        let routes = try RouteTable(distributions: [
            Fixtures.distribution(aliases: ["example.test"], patterns: ["/"])
        ])
        #expect(routes.route(host: "example.test", path: "")?.behaviorIndex == .behavior(0))
        #expect(routes.route(host: "example.test", path: "?a=b")?.behaviorIndex == .behavior(0))
        #expect(routes.route(host: "example.test", path: "/x")?.behaviorIndex == .default)
    }

    @Test("the default behavior reports `*`")
    func defaultBehavior() throws {
        let route = try #require(table.route(host: "example.test", path: "/about"))
        #expect(route.behaviorIndex == .default)
        #expect(route.pathPattern == "*")
        #expect(route.behavior.targetOriginId == "site")
    }

    @Test("wildcard hosts route to their distribution")
    func wildcardHost() throws {
        let route = try #require(table.route(host: "a.img.test", path: "/x/y.png"))
        #expect(route.distributionID == "img")
        #expect(route.distributionIndex == 2)
        #expect(route.behaviorIndex == .behavior(0))
        #expect(table.route(host: "a.b.img.test", path: "/x/y.png") == nil)
    }

    @Test("unknown and disabled hosts have no route; disabled distributions are not compiled")
    func noRoute() {
        #expect(table.route(host: "unknown.test", path: "/") == nil)
        #expect(table.route(host: "off.test", path: "/") == nil)
        #expect(table.matcher(forDistribution: 1) == nil)
        #expect(table.matcher(forDistribution: 0)?.count == 2)
        #expect(table.matcher(forDistribution: 9) == nil)
    }

    @Test("an invalid pattern in an enabled distribution fails compilation with its key path")
    func invalid() {
        let distributions = [
            Fixtures.distribution(id: "a", aliases: ["a.test"]),
            Fixtures.distribution(id: "b", aliases: ["b.test"], patterns: ["/ok", String(repeating: "x", count: 256)]),
        ]
        #expect(
            throws: PathPatternError(
                .tooLong(256), pattern: String(repeating: "x", count: 256),
                keyPath: "distributions[1].cacheBehaviors[1].pathPattern")
        ) {
            try RouteTable(distributions: distributions)
        }
    }
}
