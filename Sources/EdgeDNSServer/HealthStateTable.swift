import NIOConcurrencyHelpers

/// A `HealthStateProvider` that health checkers (or tests) write into: one state per check id,
/// lock-protected.
///
/// ```swift
/// let health = HealthStateTable()
/// health.set("api-eu", healthy: false)      // from the checker's result
/// health.isHealthy("api-eu")                // false
/// health.isHealthy("never-checked")         // nil: treated as healthy
/// ```
public final class HealthStateTable: HealthStateProvider {
    private let states: NIOLockedValueBox<[String: Bool]>

    /// Creates a table, optionally with initial states.
    public init(_ states: [String: Bool] = [:]) {
        self.states = NIOLockedValueBox(states)
    }

    /// The state of `id`, nil if unknown.
    public func isHealthy(_ id: String) -> Bool? {
        states.withLockedValue { $0[id] }
    }

    /// Records the state of `id`; nil forgets it (unknown, treated as healthy).
    public func set(_ id: String, healthy: Bool?) {
        states.withLockedValue { $0[id] = healthy }
    }

    /// Replaces every state at once (e.g. after a configuration reload drops checks).
    public func replaceAll(_ states: [String: Bool]) {
        self.states.withLockedValue { $0 = states }
    }

    /// A copy of every known state.
    public var snapshot: [String: Bool] { states.withLockedValue { $0 } }
}
