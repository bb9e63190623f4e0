import EdgeHealth
import Foundation

/// What the admin API reads and does, implemented by `EdgeServer` (and by test doubles).
protocol AdminBackend: Sendable {
    /// Every health check's configuration and state.
    func healthReports() -> [HealthChecker.Report]
    /// The Prometheus text exposition of every metric.
    func metricsText() -> String
    /// Node identity and the loaded configuration.
    func status() -> AdminStatus
    /// Reloads the configuration file; the problems, empty when it was applied.
    func reload() -> [String]
}

/// `GET /status`.
struct AdminStatus: Codable, Equatable, Sendable {
    var node: String
    var region: String
    var version: String
    var configFile: String
    var configLoadedAt: String
    var listeners: [String]
    var healthChecks: Int
}

/// One request to the admin API, as far as routing needs it.
struct AdminRequest: Sendable {
    var method: String
    /// The path without the query.
    var path: String
    /// The `Authorization` header, if any.
    var authorization: String?
}

/// One response of the admin API.
struct AdminResponse: Sendable, Equatable {
    var status: Int
    var contentType: String
    var body: String
    var headers: [(String, String)] = []

    static func == (lhs: AdminResponse, rhs: AdminResponse) -> Bool {
        lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
    }

    static func json<T: Encodable>(_ value: T, status: Int = 200) -> AdminResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return AdminResponse(status: status, contentType: "application/json", body: text + "\n")
    }

    static func error(_ status: Int, _ message: String) -> AdminResponse {
        json(["error": message], status: status)
    }
}

/// The admin API's routes and authorization: pure, so it is tested without sockets. Every route needs
/// `Authorization: Bearer <token>` with the token from the admin listener's `tokenFile` (compared in
/// constant time).
///
/// | route | answer |
/// |---|---|
/// | `GET /status` | node, version, configuration file and load time, listeners |
/// | `GET /health-checks` | every health check with its status and last result |
/// | `GET /health-checks/{id}` | one health check (404 if unknown) |
/// | `GET /metrics` | Prometheus text format |
/// | `POST /reload` | reloads the configuration: 200, or 422 with the problems (old config kept) |
struct AdminAPI: Sendable {
    /// The bearer token.
    let token: String
    /// Where answers come from.
    let backend: any AdminBackend

    /// Routes that exist, with their methods (for 405).
    static let routes: [(prefix: String, exact: Bool, methods: [String])] = [
        ("/status", true, ["GET"]), ("/health-checks", true, ["GET"]), ("/health-checks/", false, ["GET"]),
        ("/metrics", true, ["GET"]), ("/reload", true, ["POST"]),
    ]

    /// Answers one request.
    func handle(_ request: AdminRequest) -> AdminResponse {
        guard Self.authorized(request.authorization, token: token) else {
            var response = AdminResponse.error(401, "missing or wrong bearer token (Authorization: Bearer <token>)")
            response.headers = [("WWW-Authenticate", "Bearer realm=\"edge-admin\"")]
            return response
        }
        guard
            let route = Self.routes.first(where: {
                $0.exact ? request.path == $0.prefix : request.path.hasPrefix($0.prefix)
            })
        else {
            return .error(404, "no such admin route: \(request.path)")
        }
        let method = request.method == "HEAD" ? "GET" : request.method
        guard route.methods.contains(method) else {
            var response = AdminResponse.error(405, "\(request.method) is not allowed on \(route.prefix)")
            response.headers = [("Allow", route.methods.joined(separator: ", "))]
            return response
        }
        switch route.prefix {
        case "/status":
            return .json(backend.status())
        case "/health-checks":
            return .json(backend.healthReports().map(HealthCheckView.init))
        case "/health-checks/":
            let id = String(request.path.dropFirst(route.prefix.count))
            guard let report = backend.healthReports().first(where: { $0.check.id == id }) else {
                return .error(404, "no health check with id '\(id)'")
            }
            return .json(HealthCheckView(report))
        case "/metrics":
            return AdminResponse(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: backend.metricsText())
        default:
            let problems = backend.reload()
            if problems.isEmpty { return .json(["result": "applied"]) }
            return .json(ReloadRejected(result: "rejected", problems: problems), status: 422)
        }
    }

    /// Whether `header` is `Bearer <token>`; the comparison does not stop at the first difference.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard !token.isEmpty, let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            return false
        }
        let given = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        var difference = given.count ^ expected.count
        for index in 0..<expected.count {
            difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0))
        }
        return difference == 0
    }
}

private struct ReloadRejected: Encodable {
    var result: String
    var problems: [String]
}

/// A health check as the admin API shows it.
struct HealthCheckView: Codable, Equatable {
    var id: String
    var type: String
    var target: String
    var resourcePath: String?
    var searchString: String?
    var requestInterval: Int
    var failureThreshold: Int
    var disabled: Bool
    var status: String
    var consecutiveFailures: Int
    var consecutiveSuccesses: Int
    var probes: Int
    var lastResult: String?
    var lastFailureReason: String?
    var lastChecked: String?
    var lastStatusChange: String?

    init(_ report: HealthChecker.Report) {
        let check = report.check
        let state = report.state
        id = check.id
        type = check.type.rawValue
        target = check.target
        resourcePath = check.type.isHTTP ? check.resourcePath : nil
        searchString = check.type.isHTTP ? check.searchString : nil
        requestInterval = check.requestInterval
        failureThreshold = check.failureThreshold
        disabled = check.disabled
        status = check.disabled ? "disabled" : state.status.rawValue
        consecutiveFailures = state.consecutiveFailures
        consecutiveSuccesses = state.consecutiveSuccesses
        probes = state.probes
        switch state.lastOutcome {
        case .success: lastResult = "success"
        case .failure(let reason):
            lastResult = "failure"
            lastFailureReason = reason
        case nil: break
        }
        lastChecked = state.lastChecked.map(Self.iso8601)
        lastStatusChange = state.lastTransition.map(Self.iso8601)
    }

    static func iso8601(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
