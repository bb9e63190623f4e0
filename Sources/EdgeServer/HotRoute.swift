import EdgeConfig
import EdgeOrigin
import EdgeRouting

/// What the HTTP/1.1 hit path needs of a behavior whose target is a `directory` origin, computed once
/// per configuration so that a request copies no configuration struct: the origin, and whether the
/// behavior lets a plain GET/HEAD through unchanged (no response-header policy, no debug headers).
final class HotRoute: Sendable {
    let originId: String
    let resolver: DirectoryPathResolver
    let distributionId: String
    let pathPattern: String
    /// `viewerProtocolPolicy` is allow-all (GET and HEAD are always allowed methods).
    let servesPlainHTTP: Bool

    init(
        originId: String, resolver: DirectoryPathResolver, distributionId: String, pathPattern: String,
        servesPlainHTTP: Bool
    ) {
        self.originId = originId
        self.resolver = resolver
        self.distributionId = distributionId
        self.pathPattern = pathPattern
        self.servesPlainHTTP = servesPlainHTTP
    }

    /// The hot route of a matched behavior, or nil when the hit path may not serve it: a debug-header
    /// distribution, a response-headers policy, or a target that is not a directory origin.
    convenience init?(distribution: DistributionConfig, match: BehaviorMatch, origins: [String: ResolvedOrigin]) {
        let behavior = match.behavior
        guard !distribution.debugHeaders, behavior.responseHeadersPolicy.isEmpty,
            case .directory(let resolver, _)? = origins[behavior.targetOriginId]
        else { return nil }
        let policy = behavior.viewerProtocolPolicy ?? distribution.viewerProtocolPolicy
        self.init(
            originId: behavior.targetOriginId, resolver: resolver, distributionId: distribution.id,
            pathPattern: match.pathPattern, servesPlainHTTP: policy == .allowAll)
    }
}
