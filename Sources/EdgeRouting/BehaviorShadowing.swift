import EdgeConfig

/// Finds cache behaviors that can never match, for `edge check`.
///
/// Behaviors are tried in order and the first match wins, so a behavior whose every path is already matched
/// by an earlier one is dead configuration. Detection relies on ``PathPattern/covers(_:)``, which is sound but
/// not complete: every warning is real, but a behavior shadowed only by several earlier ones together (or in
/// an exotic way) is not reported. Invalid patterns are skipped here (see ``RoutingValidation``).
public enum BehaviorShadowing {
    /// One `.warning` per shadowed behavior of every distribution (enabled or not), at key path
    /// `distributions[i].cacheBehaviors[j].pathPattern`, naming the first earlier behavior that covers it;
    /// and one per catch-all entry (`*`, `/*`), which shadows `defaultCacheBehavior` and all later entries.
    /// Line numbers are not known to the typed model and are left nil.
    public static func problems(in configuration: EdgeConfiguration, file: String) -> [ConfigProblem] {
        configuration.distributions.indices.flatMap { index in
            problems(in: configuration.distributions[index], distributionIndex: index, file: file)
        }
    }

    /// The shadowing warnings of one distribution, keyed as `distributions[distributionIndex]...`.
    public static func problems(
        in distribution: DistributionConfig, distributionIndex: Int, file: String
    ) -> [ConfigProblem] {
        let patterns = distribution.cacheBehaviors.map { behavior in
            behavior.pathPattern.flatMap { try? PathPattern($0) }
        }
        var problems: [ConfigProblem] = []
        for (index, pattern) in patterns.enumerated() {
            guard let pattern else { continue }
            let keyPath = "distributions[\(distributionIndex)].cacheBehaviors[\(index)].pathPattern"
            let shadow = patterns[..<index].firstIndex { earlier in earlier?.covers(pattern) ?? false }
            if let shadow, let earlier = patterns[shadow] {
                problems.append(
                    ConfigProblem(
                        file: file, keyPath: keyPath,
                        message: "never matches: shadowed by cacheBehaviors[\(shadow)] ('\(earlier.pattern)')",
                        severity: .warning))
            } else if pattern.covers(.matchAll) {
                problems.append(
                    ConfigProblem(
                        file: file, keyPath: keyPath,
                        message: "'\(pattern.pattern)' matches every path, so defaultCacheBehavior and any later "
                            + "cacheBehaviors never match; make it the defaultCacheBehavior instead",
                        severity: .warning))
            }
        }
        return problems
    }
}

/// All routing checks of a configuration in one call, for `edge check`.
public enum RoutingValidation {
    /// `.error` problems for invalid path patterns (missing, empty, longer than 255 characters, characters
    /// CloudFront does not allow), followed by ``BehaviorShadowing`` warnings.
    public static func problems(in configuration: EdgeConfiguration, file: String) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        for (index, distribution) in configuration.distributions.enumerated() {
            for (position, behavior) in distribution.cacheBehaviors.enumerated() {
                do {
                    _ = try PathPattern(behavior.pathPattern ?? "")
                } catch {
                    problems.append(
                        ConfigProblem(
                            file: file, keyPath: "distributions[\(index)].cacheBehaviors[\(position)].pathPattern",
                            message: behavior.pathPattern == nil
                                ? "missing: every cacheBehaviors entry needs a pathPattern" : error.message))
                }
            }
        }
        return problems + BehaviorShadowing.problems(in: configuration, file: file)
    }
}
