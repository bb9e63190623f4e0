import EdgeConfig

/// One compiled distribution, shared by reference.
final class CompiledDistribution: Sendable {
    let index: Int
    let config: DistributionConfig
    let matcher: BehaviorMatcher

    init(index: Int, config: DistributionConfig, matcher: BehaviorMatcher) {
        self.index = index
        self.config = config
        self.matcher = matcher
    }
}

/// Where a request goes: its distribution and the cache behavior that serves it.
public struct Route: Sendable {
    let compiled: CompiledDistribution
    /// The matched behavior.
    public let match: BehaviorMatch

    /// Index of the distribution in `EdgeConfiguration.distributions`.
    public var distributionIndex: Int { compiled.index }
    /// The distribution's `id`.
    public var distributionID: String { compiled.config.id }
    /// The distribution's configuration.
    public var distribution: DistributionConfig { compiled.config }
    /// Which behavior matched: `cacheBehaviors[j]` or the default.
    public var behaviorIndex: BehaviorIndex { match.index }
    /// The matched behavior's path pattern as written, or `*` for the default behavior.
    public var pathPattern: String { match.pathPattern }
    /// The matched behavior's configuration.
    public var behavior: CacheBehaviorConfig { match.behavior }
    /// Identifies the matched behavior (see `BehaviorMatch.identity`).
    public var behaviorIdentity: ObjectIdentifier { match.identity }
}

/// The compiled routing configuration a server holds: host → distribution → behavior. Immutable and
/// `Sendable`, so one instance is shared by every event loop and swapped whole on reload.
public struct RouteTable: Sendable {
    /// Host → distribution lookup over the enabled distributions.
    public let hosts: DistributionTable
    /// One entry per configured distribution; nil for disabled ones.
    private let distributions: [CompiledDistribution?]

    /// Compiles `distributions` (disabled ones are skipped and never routed to). Throws the first invalid
    /// path pattern of an enabled distribution, with `keyPath` `distributions[i].cacheBehaviors[j].pathPattern`.
    public init(distributions: [DistributionConfig]) throws(PathPatternError) {
        var compiled: [CompiledDistribution?] = []
        compiled.reserveCapacity(distributions.count)
        for (index, distribution) in distributions.enumerated() {
            guard distribution.enabled else {
                compiled.append(nil)
                continue
            }
            let matcher = try BehaviorMatcher(distribution, keyPathPrefix: "distributions[\(index)].")
            compiled.append(CompiledDistribution(index: index, config: distribution, matcher: matcher))
        }
        self.hosts = DistributionTable(distributions)
        self.distributions = compiled
    }

    /// Compiles the distributions of a whole configuration.
    public init(_ configuration: EdgeConfiguration) throws(PathPatternError) {
        try self.init(distributions: configuration.distributions)
    }

    /// The behavior matcher of distribution `index`, or nil when it is out of range or disabled.
    public func matcher(forDistribution index: Int) -> BehaviorMatcher? {
        distributions.indices.contains(index) ? distributions[index]?.matcher : nil
    }

    /// Routes a request by its `Host` (or `:authority`) and request target path. The path may carry a query
    /// string, which is cut at the first `?`; an empty path is matched as `/`. Nil when no enabled
    /// distribution answers for the host. Does not allocate for native strings.
    public func route(host: Substring, path: Substring) -> Route? {
        guard let index = hosts.distribution(forHost: host), let compiled = distributions[index] else {
            return nil
        }
        let match = Self.withPathBytes(path) { compiled.matcher.match(utf8: $0) }
        return Route(compiled: compiled, match: match)
    }

    /// Calls `body` with the bytes of `target` up to its first `?` (or `/` when that is empty).
    private static func withPathBytes<Result>(
        _ target: Substring, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let direct = target.utf8.withContiguousStorageIfAvailable { buffer -> Result in
            var end = 0
            while end < buffer.count, buffer[end] != UInt8(ascii: "?") { end += 1 }
            if end == 0 { return Self.withRootPath(body) }
            return body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<end]))
        }
        if let direct { return direct }
        return withPathBytes(Substring(String(target)), body)
    }

    /// Calls `body` with the one-byte path `/`.
    private static func withRootPath<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: UInt8(ascii: "/")) { body($0) }
    }
}
