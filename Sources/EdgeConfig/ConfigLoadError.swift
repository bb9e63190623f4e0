/// A configuration that could not be loaded: unreadable, not YAML, malformed, or invalid. Carries every
/// problem found (errors and warnings), sorted by line, so one run of `edge check` shows them all.
public struct ConfigLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, errors and warnings, sorted by line.
    public var problems: [ConfigProblem]

    /// Creates an error from `problems`, sorting them by line (problems without a line first, as they
    /// concern the whole file).
    public init(problems: [ConfigProblem]) {
        self.problems = ConfigLoadError.sorted(problems)
    }

    /// Only the errors (what made the load fail).
    public var errors: [ConfigProblem] {
        problems.filter { $0.severity == .error }
    }

    /// One problem per line, `file:line: key.path: message`.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// Stable sort by line; problems without a line come first.
    static func sorted(_ problems: [ConfigProblem]) -> [ConfigProblem] {
        problems.enumerated().sorted { lhs, rhs in
            let left = lhs.element.line ?? 0
            let right = rhs.element.line ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
