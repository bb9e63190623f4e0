import EdgeConfig
import EdgeHealth
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import EdgeServer

/// A backend with fixed answers that counts reloads.
final class FakeAdminBackend: AdminBackend {
    let reloads = NIOLockedValueBox(0)
    let reloadProblems: [String]
    let reports: [HealthChecker.Report]

    init(reloadProblems: [String] = [], reports: [HealthChecker.Report] = []) {
        self.reloadProblems = reloadProblems
        self.reports = reports
    }

    func healthReports() -> [HealthChecker.Report] { reports }
    func metricsText() -> String { "edge_info 1\n" }
    func status() -> AdminStatus {
        AdminStatus(
            node: "n1", region: "local", version: "0", configFile: "edge.yaml", configLoadedAt: "t", listeners: [],
            healthChecks: reports.count)
    }
    func reload() -> [String] {
        reloads.withLockedValue { $0 += 1 }
        return reloadProblems
    }
}

@Suite struct AdminAPITests {
    static let token = "s3cret-token-0123456789"

    func request(_ method: String, _ path: String, token: String? = AdminAPITests.token) -> AdminRequest {
        AdminRequest(method: method, path: path, authorization: token.map { "Bearer \($0)" })
    }

    static func report(status failures: Int) -> HealthChecker.Report {
        var state = HealthCheckState(failureThreshold: 1)
        if failures > 0 { state.record(.failure("connect to 127.0.0.1:1 failed: refused"), at: 1_700_000_000) }
        return HealthChecker.Report(
            check: HealthCheckConfig(id: "api", type: .http, target: "127.0.0.1:1", searchString: "ok"), state: state)
    }

    @Test func everyRouteNeedsTheBearerToken() {
        let api = AdminAPI(token: Self.token, backend: FakeAdminBackend())
        for path in ["/status", "/health-checks", "/metrics", "/nope"] {
            let missing = api.handle(request("GET", path, token: nil))
            #expect(missing.status == 401)
            #expect(missing.headers.first?.0 == "WWW-Authenticate")
            #expect(api.handle(request("GET", path, token: "wrong")).status == 401)
            #expect(api.handle(request("GET", path, token: Self.token + "x")).status == 401)
        }
        #expect(!AdminAPI.authorized("Bearer ", token: ""))
        #expect(AdminAPI.authorized("bearer \(Self.token)", token: Self.token))
    }

    @Test func healthChecksAreListedWithTheirState() throws {
        let api = AdminAPI(token: Self.token, backend: FakeAdminBackend(reports: [Self.report(status: 1)]))
        let response = api.handle(request("GET", "/health-checks"))
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        let views = try JSONDecoder().decode([HealthCheckView].self, from: Data(response.body.utf8))
        #expect(views.count == 1)
        #expect(views[0].id == "api")
        #expect(views[0].status == "unhealthy")
        #expect(views[0].lastFailureReason == "connect to 127.0.0.1:1 failed: refused")
        #expect(views[0].lastChecked == "2023-11-14T22:13:20.000Z")
        let one = api.handle(request("GET", "/health-checks/api"))
        #expect(one.status == 200)
        #expect(api.handle(request("GET", "/health-checks/other")).status == 404)
    }

    @Test func metricsAreTextAndReloadReportsProblems() throws {
        let good = FakeAdminBackend()
        let api = AdminAPI(token: Self.token, backend: good)
        let metrics = api.handle(request("GET", "/metrics"))
        #expect(metrics.status == 200)
        #expect(metrics.contentType.hasPrefix("text/plain; version=0.0.4"))
        #expect(api.handle(request("POST", "/reload")).status == 200)
        #expect(good.reloads.withLockedValue { $0 } == 1)
        let bad = AdminAPI(token: Self.token, backend: FakeAdminBackend(reloadProblems: ["edge.yaml:3: x: bad"]))
        let rejected = bad.handle(request("POST", "/reload"))
        #expect(rejected.status == 422)
        #expect(rejected.body.contains("edge.yaml:3: x: bad"))
    }

    @Test func wrongMethodsAndUnknownRoutes() {
        let backend = FakeAdminBackend()
        let api = AdminAPI(token: Self.token, backend: backend)
        let getReload = api.handle(request("GET", "/reload"))
        #expect(getReload.status == 405)
        #expect(getReload.headers.first { $0.0 == "Allow" }?.1 == "POST")
        #expect(backend.reloads.withLockedValue { $0 } == 0)
        #expect(api.handle(request("DELETE", "/status")).status == 405)
        #expect(api.handle(request("GET", "/statusx")).status == 404)
        #expect(api.handle(request("HEAD", "/status")).status == 200)
    }
}

@Suite struct EdgeMetricsTests {
    @Test func healthGaugesFollowTheReports() {
        let metrics = EdgeMetrics(node: "n1", region: "eu", version: "1.0")
        let text = metrics.render(health: [AdminAPITests.report(status: 1)])
        #expect(text.contains(#"edge_info{node="n1",region="eu",version="1.0"} 1"#))
        #expect(text.contains(#"edge_health_check_status{health_check_id="api",type="HTTP"} 0"#))
        #expect(text.contains(#"edge_health_check_consecutive_failures{health_check_id="api"} 1"#))
        metrics.recordReload(applied: false)
        let later = metrics.render(health: [])
        #expect(!later.contains("health_check_id=\"api\""))
        #expect(later.contains(#"edge_config_reloads_total{result="rejected"} 1"#))
    }
}
