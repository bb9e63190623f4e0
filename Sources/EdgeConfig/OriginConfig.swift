/// One entry of `origins:`: where behaviors send requests, and how patiently.
public struct OriginConfig: Sendable, Equatable {
    /// Unique id that behaviors and groups name in `targetOriginId` / `members`.
    public var id: String
    /// What kind of origin this is (exactly one of the `http`, `directory`, `s3` keys).
    public var kind: OriginKind
    /// TCP connect timeout per attempt. Default 10 s (CloudFront's).
    public var connectionTimeout: Duration
    /// Connection attempts before giving up. Default 3, range 1–3.
    public var connectionAttempts: Int
    /// Time allowed for the origin's first response byte, and between body reads. Default 30 s.
    public var responseTimeout: Duration
    /// How long an idle pooled connection is kept. Default 5 s.
    public var keepaliveTimeout: Duration
    /// Most idle keep-alive connections kept to this origin per event loop. Default 512, range
    /// 0–16384; 0 closes every connection after its response.
    public var maxIdleConnections: Int
    /// Headers added to every request sent to this origin (CloudFront's origin custom headers).
    public var customHeaders: [HeaderPair]

    /// Creates an origin.
    public init(
        id: String, kind: OriginKind, connectionTimeout: Duration = .seconds(10), connectionAttempts: Int = 3,
        responseTimeout: Duration = .seconds(30), keepaliveTimeout: Duration = .seconds(5),
        maxIdleConnections: Int = 512, customHeaders: [HeaderPair] = []
    ) {
        self.id = id
        self.kind = kind
        self.connectionTimeout = connectionTimeout
        self.connectionAttempts = connectionAttempts
        self.responseTimeout = responseTimeout
        self.keepaliveTimeout = keepaliveTimeout
        self.maxIdleConnections = maxIdleConnections
        self.customHeaders = customHeaders
    }
}

/// The kinds of origin.
public enum OriginKind: Sendable, Equatable {
    /// An HTTP server reached over HTTP/1.1 (`http: {url: ...}`).
    case http(HTTPOriginSettings)
    /// A local directory served as files (`directory: {path: ...}`).
    case directory(DirectoryOriginSettings)
    /// An S3 bucket over the REST API (`s3: {...}`); served by a later issue.
    case s3(S3OriginSettings)
}

/// `http:` origin settings.
public struct HTTPOriginSettings: Sendable, Equatable {
    /// Base URL: `http://host:port[/base/path]`. `https` origins come later.
    public var url: String

    /// Creates HTTP origin settings.
    public init(url: String) {
        self.url = url
    }
}

/// `directory:` origin settings.
public struct DirectoryOriginSettings: Sendable, Equatable {
    /// Root directory, relative to the config file. Nothing outside it is ever served.
    public var path: String
    /// File served for a path ending in `/`. Default `index.html`.
    public var indexDocument: String

    /// Creates directory origin settings.
    public init(path: String, indexDocument: String = "index.html") {
        self.path = path
        self.indexDocument = indexDocument
    }
}

/// `s3:` origin settings.
public struct S3OriginSettings: Sendable, Equatable {
    /// Bucket name.
    public var bucket: String
    /// AWS region used for SigV4. Default `us-east-1`.
    public var region: String
    /// Endpoint URL (for S3-compatible stores); AWS's own when absent.
    public var endpoint: String?

    /// Creates S3 origin settings.
    public init(bucket: String, region: String = "us-east-1", endpoint: String? = nil) {
        self.bucket = bucket
        self.region = region
        self.endpoint = endpoint
    }
}

/// One entry of `originGroups:`: try members in order, failing over on errors and chosen statuses.
public struct OriginGroupConfig: Sendable, Equatable {
    /// Unique id, in the same namespace as origin ids.
    public var id: String
    /// Origin ids, primary first. Exactly two in CloudFront; edge allows two or more.
    public var members: [String]
    /// Statuses from a member that send the request on to the next one.
    public var failoverStatusCodes: [Int]

    /// Creates an origin group.
    public init(id: String, members: [String], failoverStatusCodes: [Int] = [500, 502, 503, 504]) {
        self.id = id
        self.members = members
        self.failoverStatusCodes = failoverStatusCodes
    }
}

/// A header name and value.
public struct HeaderPair: Sendable, Equatable {
    /// Header name.
    public var name: String
    /// Header value.
    public var value: String

    /// Creates a header pair.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
