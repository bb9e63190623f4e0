/// One entry of `distributions:`: the host names it answers for and its ordered cache behaviors.
public struct DistributionConfig: Sendable, Equatable {
    /// Unique id.
    public var id: String
    /// Host names: exact, `*.example.test` (exactly one more leading label), or an IP address literal.
    public var aliases: [String]
    /// Whether the distribution serves at all. Default true.
    public var enabled: Bool
    /// Distribution-wide viewer protocol policy; a behavior may override it. Default `allow-all`.
    public var viewerProtocolPolicy: ViewerProtocolPolicy
    /// Add `x-edge-behavior` / `x-edge-origin` debug headers to responses. Default false.
    public var debugHeaders: Bool
    /// Ordered behaviors; the first whose `pathPattern` matches wins.
    public var cacheBehaviors: [CacheBehaviorConfig]
    /// The `*` behavior, always tried last. Its `pathPattern` is nil.
    public var defaultCacheBehavior: CacheBehaviorConfig
    /// Replacement pages for error statuses.
    public var customErrorResponses: [CustomErrorResponse]

    /// Creates a distribution.
    public init(
        id: String, aliases: [String], enabled: Bool = true, viewerProtocolPolicy: ViewerProtocolPolicy = .allowAll,
        debugHeaders: Bool = false, cacheBehaviors: [CacheBehaviorConfig] = [],
        defaultCacheBehavior: CacheBehaviorConfig, customErrorResponses: [CustomErrorResponse] = []
    ) {
        self.id = id
        self.aliases = aliases
        self.enabled = enabled
        self.viewerProtocolPolicy = viewerProtocolPolicy
        self.debugHeaders = debugHeaders
        self.cacheBehaviors = cacheBehaviors
        self.defaultCacheBehavior = defaultCacheBehavior
        self.customErrorResponses = customErrorResponses
    }
}

/// CloudFront's viewer protocol policy.
public enum ViewerProtocolPolicy: String, Sendable, Equatable, CaseIterable {
    /// HTTP and HTTPS both served.
    case allowAll = "allow-all"
    /// HTTP answered with 301 to the same URL over HTTPS.
    case redirectToHTTPS = "redirect-to-https"
    /// HTTP answered with 403.
    case httpsOnly = "https-only"
}

/// One cache behavior (also the shape of `defaultCacheBehavior`).
public struct CacheBehaviorConfig: Sendable, Equatable {
    /// CloudFront path pattern (`*` any run including `/`, `?` one character, case-sensitive, ≤255 chars).
    /// nil for the default behavior.
    public var pathPattern: String?
    /// Origin or origin-group id.
    public var targetOriginId: String
    /// Overrides the distribution's policy when set.
    public var viewerProtocolPolicy: ViewerProtocolPolicy?
    /// Methods served; others get 405 with `Allow`. Default `[GET, HEAD]`.
    public var allowedMethods: [String]
    /// Methods whose responses may be cached. Default `[GET, HEAD]`.
    public var cachedMethods: [String]
    /// Cache policy (managed name or inline TTLs). Caching itself arrives with the cache issue.
    public var cachePolicy: CachePolicyConfig
    /// Compress eligible responses (gzip, br). Default false.
    public var compress: Bool
    /// Largest request body accepted, in bytes; beyond it the answer is 413. Default 10 MiB.
    public var maxRequestBodyBytes: Int
    /// Headers added to or removed from responses.
    public var responseHeadersPolicy: ResponseHeadersPolicy

    /// Creates a behavior.
    public init(
        pathPattern: String? = nil, targetOriginId: String, viewerProtocolPolicy: ViewerProtocolPolicy? = nil,
        allowedMethods: [String] = ["GET", "HEAD"], cachedMethods: [String] = ["GET", "HEAD"],
        cachePolicy: CachePolicyConfig = .managed(.cachingOptimized), compress: Bool = false,
        maxRequestBodyBytes: Int = 10 * 1024 * 1024, responseHeadersPolicy: ResponseHeadersPolicy = .init()
    ) {
        self.pathPattern = pathPattern
        self.targetOriginId = targetOriginId
        self.viewerProtocolPolicy = viewerProtocolPolicy
        self.allowedMethods = allowedMethods
        self.cachedMethods = cachedMethods
        self.cachePolicy = cachePolicy
        self.compress = compress
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.responseHeadersPolicy = responseHeadersPolicy
    }
}

/// A cache policy: one of CloudFront's managed policies by name, or inline TTLs.
public enum CachePolicyConfig: Sendable, Equatable {
    /// A managed policy by name.
    case managed(ManagedCachePolicy)
    /// Inline TTLs, in seconds.
    case custom(minTTL: Int, defaultTTL: Int, maxTTL: Int)
}

/// CloudFront's managed cache policies that edge knows.
public enum ManagedCachePolicy: String, Sendable, Equatable, CaseIterable {
    /// min 1 s, default 1 day, max 1 year.
    case cachingOptimized = "CachingOptimized"
    /// Never cache.
    case cachingDisabled = "CachingDisabled"
    /// Cache only with origin headers: min 0, default 0, max 1 year.
    case useOriginCacheControlHeaders = "UseOriginCacheControlHeaders"
}

/// `responseHeadersPolicy:` custom and removed response headers.
public struct ResponseHeadersPolicy: Sendable, Equatable {
    /// Headers to add (`{header, value, override}`).
    public var customHeaders: [CustomHeader]
    /// Header names to remove from origin responses.
    public var removeHeaders: [String]

    /// Creates a policy.
    public init(customHeaders: [CustomHeader] = [], removeHeaders: [String] = []) {
        self.customHeaders = customHeaders
        self.removeHeaders = removeHeaders
    }

    /// Whether the policy changes nothing.
    public var isEmpty: Bool { customHeaders.isEmpty && removeHeaders.isEmpty }

    /// One custom header.
    public struct CustomHeader: Sendable, Equatable {
        /// Header name.
        public var header: String
        /// Header value.
        public var value: String
        /// Replace a header of the same name from the origin (true) or keep the origin's (false). Default true.
        public var override: Bool

        /// Creates a custom header.
        public init(header: String, value: String, override: Bool = true) {
            self.header = header
            self.value = value
            self.override = override
        }
    }
}

/// One entry of `customErrorResponses:`.
public struct CustomErrorResponse: Sendable, Equatable {
    /// The status from the origin (or the edge) to replace, 400–599.
    public var errorCode: Int
    /// Path of the page to serve instead, fetched through this distribution's behaviors.
    public var responsePagePath: String?
    /// Status sent to the viewer; default: `errorCode`.
    public var responseCode: Int?
    /// How long the error may be cached, in seconds. Default 10.
    public var errorCachingMinTTL: Int

    /// Creates a custom error response.
    public init(errorCode: Int, responsePagePath: String? = nil, responseCode: Int? = nil, errorCachingMinTTL: Int = 10)
    {
        self.errorCode = errorCode
        self.responsePagePath = responsePagePath
        self.responseCode = responseCode
        self.errorCachingMinTTL = errorCachingMinTTL
    }
}
