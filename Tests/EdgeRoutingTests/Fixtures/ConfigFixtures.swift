import EdgeConfig

/// Small configuration builders shared by the routing tests.
enum Fixtures {
    /// A behavior with just a pattern and an origin named after it.
    static func behavior(_ pattern: String?, origin: String? = nil) -> CacheBehaviorConfig {
        CacheBehaviorConfig(pathPattern: pattern, targetOriginId: origin ?? "origin-\(pattern ?? "nil")")
    }

    /// A distribution with the given patterns (in order) and a default behavior targeting `site`.
    static func distribution(
        id: String = "main", aliases: [String] = ["example.test"], enabled: Bool = true, patterns: [String?] = []
    ) -> DistributionConfig {
        DistributionConfig(
            id: id, aliases: aliases, enabled: enabled, cacheBehaviors: patterns.map { behavior($0) },
            defaultCacheBehavior: CacheBehaviorConfig(targetOriginId: "site"))
    }
}
