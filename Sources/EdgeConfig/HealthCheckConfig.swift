/// One entry of `healthChecks:`: a Route 53 style health check that routing-policy records name by
/// `healthCheckId`, and that the edge's own resolver honours when it picks an origin address.
///
/// Route 53's rules: HTTP and HTTPS checks pass when a TCP connection opens within 4 s and a 2xx/3xx
/// status arrives within 2 s more (HTTPS certificates are not validated); with a `searchString`, it must
/// also appear in the first 5,120 bytes of the body. TCP checks pass when the connection opens within
/// 10 s. A check turns unhealthy after `failureThreshold` consecutive failures and healthy again after
/// as many consecutive successes.
public struct HealthCheckConfig: Sendable, Equatable {
    /// Route 53's `Type` values.
    public enum CheckType: String, Sendable, CaseIterable {
        /// HTTP GET; passes on 2xx/3xx (and the search string, when given).
        case http = "HTTP"
        /// HTTPS GET without certificate validation.
        case https = "HTTPS"
        /// HTTP with a required search string.
        case httpStrMatch = "HTTP_STR_MATCH"
        /// HTTPS with a required search string.
        case httpsStrMatch = "HTTPS_STR_MATCH"
        /// A TCP connection only.
        case tcp = "TCP"

        /// Whether the check speaks HTTP.
        public var isHTTP: Bool { self != .tcp }
        /// Whether the check speaks TLS.
        public var usesTLS: Bool { self == .https || self == .httpsStrMatch }
        /// Whether the check requires `searchString`.
        public var requiresSearchString: Bool { self == .httpStrMatch || self == .httpsStrMatch }
    }

    /// The check's id (`healthCheckId` in policy records). Unique.
    public var id: String
    /// What is checked.
    public var type: CheckType
    /// `host:port` (or `[v6]:port`) of the endpoint.
    public var target: String
    /// Path requested by HTTP(S) checks. Default `/`.
    public var resourcePath: String
    /// Seconds between probes: 10 or 30 (Route 53's two choices). Default 30.
    public var requestInterval: Int
    /// Consecutive results that change the status, 1–10. Default 3.
    public var failureThreshold: Int
    /// Text that must appear in the first 5,120 bytes of the body (HTTP(S) only), at most 255 bytes.
    public var searchString: String?
    /// Host header and TLS SNI for HTTP(S) checks. Default: the target's host.
    public var fullyQualifiedDomainName: String?
    /// A disabled check is not probed and always counts as healthy (Route 53's `Disabled`).
    public var disabled: Bool

    /// The number of body bytes searched (Route 53: 5,120).
    public static let searchWindow = 5120
    /// The longest search string (Route 53: 255).
    public static let maximumSearchStringLength = 255

    /// Creates a health check.
    public init(
        id: String, type: CheckType, target: String, resourcePath: String = "/", requestInterval: Int = 30,
        failureThreshold: Int = 3, searchString: String? = nil, fullyQualifiedDomainName: String? = nil,
        disabled: Bool = false
    ) {
        self.id = id
        self.type = type
        self.target = target
        self.resourcePath = resourcePath
        self.requestInterval = requestInterval
        self.failureThreshold = failureThreshold
        self.searchString = searchString
        self.fullyQualifiedDomainName = fullyQualifiedDomainName
        self.disabled = disabled
    }

    /// `target` split into host and port, nil when malformed.
    public var hostAndPort: (host: String, port: Int)? { HostSyntax.hostAndPort(target) }
}

extension HealthCheckConfig: Decodable {
    /// Decodes one entry of `healthChecks:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a health check",
            allowed: [
                "id", "type", "target", "resourcePath", "requestInterval", "failureThreshold", "searchString",
                "fullyQualifiedDomainName", "disabled",
            ])
        self.init(
            id: reader.string("id", required: true) ?? "",
            type: reader.choice(CheckType.self, "type", required: true) ?? .tcp,
            target: reader.string("target", required: true) ?? "",
            resourcePath: reader.string("resourcePath") ?? "/",
            requestInterval: reader.int("requestInterval") ?? 30,
            failureThreshold: reader.int("failureThreshold") ?? 3,
            searchString: reader.string("searchString"),
            fullyQualifiedDomainName: reader.string("fullyQualifiedDomainName"),
            disabled: reader.bool("disabled") ?? false)
        try reader.finish()
    }
}
