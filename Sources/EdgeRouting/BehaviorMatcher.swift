import EdgeConfig

/// Which cache behavior of a distribution a request matched.
public enum BehaviorIndex: Sendable, Hashable, CustomStringConvertible {
    /// `cacheBehaviors[index]`.
    case behavior(Int)
    /// `defaultCacheBehavior`, the `*` behavior tried last.
    case `default`

    /// `cacheBehaviors[2]` or `defaultCacheBehavior`, as in key paths and debug headers.
    public var description: String {
        switch self {
        case .behavior(let index): "cacheBehaviors[\(index)]"
        case .default: "defaultCacheBehavior"
        }
    }
}

/// One compiled behavior, shared by reference so a match costs one retain rather than a struct copy.
final class CompiledBehavior: Sendable {
    let index: BehaviorIndex
    let pattern: PathPattern
    let config: CacheBehaviorConfig

    init(index: BehaviorIndex, pattern: PathPattern, config: CacheBehaviorConfig) {
        self.index = index
        self.pattern = pattern
        self.config = config
    }
}

/// The result of ``BehaviorMatcher/match(path:)``: the behavior that serves a path.
public struct BehaviorMatch: Sendable {
    let compiled: CompiledBehavior

    /// Which behavior: an index into `cacheBehaviors`, or the default.
    public var index: BehaviorIndex { compiled.index }
    /// The behavior's configuration.
    public var behavior: CacheBehaviorConfig { compiled.config }
    /// The behavior's path pattern as written, or `*` for the default behavior.
    public var pathPattern: String { compiled.pattern.pattern }
    /// The compiled pattern that matched.
    public var pattern: PathPattern { compiled.pattern }
    /// Identifies the compiled behavior (stable for the life of its `RouteTable`), for per-behavior
    /// tables kept beside the route table.
    public var identity: ObjectIdentifier { ObjectIdentifier(compiled) }
}

/// A distribution's ordered cache behaviors, compiled: the first whose pattern matches wins, and the default
/// behavior (`*`) answers when none does. Immutable; lookups do not allocate.
public struct BehaviorMatcher: Sendable {
    let behaviors: [CompiledBehavior]
    let fallback: CompiledBehavior

    /// Compiles `distribution.cacheBehaviors` (in order) and `defaultCacheBehavior`.
    ///
    /// Throws the first invalid pattern, with `keyPath` set to `cacheBehaviors[j].pathPattern` prefixed by
    /// `keyPathPrefix` (e.g. `distributions[0].`). A behavior without a pattern counts as an empty pattern.
    /// The default behavior's own `pathPattern`, if any, is ignored: it is always `*`.
    public init(_ distribution: DistributionConfig, keyPathPrefix: String = "") throws(PathPatternError) {
        var behaviors: [CompiledBehavior] = []
        behaviors.reserveCapacity(distribution.cacheBehaviors.count)
        for (index, config) in distribution.cacheBehaviors.enumerated() {
            do {
                let pattern = try PathPattern(config.pathPattern ?? "")
                behaviors.append(CompiledBehavior(index: .behavior(index), pattern: pattern, config: config))
            } catch {
                var located = error
                located.keyPath = "\(keyPathPrefix)cacheBehaviors[\(index)].pathPattern"
                throw located
            }
        }
        self.behaviors = behaviors
        self.fallback = CompiledBehavior(
            index: .default, pattern: .matchAll, config: distribution.defaultCacheBehavior)
    }

    /// Number of ordered behaviors, not counting the default.
    public var count: Int { behaviors.count }

    /// The behavior serving `path` (URL path without query string, percent-encoded as received).
    public func match(path: Substring) -> BehaviorMatch {
        if let match = path.utf8.withContiguousStorageIfAvailable({ match(utf8: UnsafeRawBufferPointer($0)) }) {
            return match
        }
        return Array(path.utf8).withUnsafeBytes { match(utf8: $0) }
    }

    /// The behavior serving a path given as UTF-8 bytes (without query string). Does not allocate.
    public func match(utf8 path: UnsafeRawBufferPointer) -> BehaviorMatch {
        for behavior in behaviors where behavior.pattern.matches(utf8: path) {
            return BehaviorMatch(compiled: behavior)
        }
        return BehaviorMatch(compiled: fallback)
    }

    /// The behavior at `index`, as a match value (e.g. to serve a custom error page through it).
    public func behavior(at index: BehaviorIndex) -> BehaviorMatch? {
        switch index {
        case .default: return BehaviorMatch(compiled: fallback)
        case .behavior(let position):
            return behaviors.indices.contains(position) ? BehaviorMatch(compiled: behaviors[position]) : nil
        }
    }
}
