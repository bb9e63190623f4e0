import EdgeConfig
import EdgeCore
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Runs the configured health checks on a schedule and keeps their states: the I/O owner of
/// `HealthCheckState`. Each check probes once at start, then every `requestInterval` seconds after the
/// previous probe ended. Thread-safe; reads (`isHealthy`, `snapshot`) take one lock.
///
/// A reload passes the new list to ``replace(_:)``: checks whose configuration is unchanged keep their
/// state and schedule; changed and new checks start over; removed ones stop.
///
/// ```swift
/// let checker = HealthChecker(group: group, clock: SystemClock(), logger: logger)
/// checker.replace(config.healthChecks)
/// checker.isHealthy("api-eu")   // nil until known, then true/false
/// ```
public final class HealthChecker: Sendable {
    /// A check's configuration and state, for the admin API and metrics.
    public struct Report: Sendable, Equatable {
        /// The configuration.
        public var check: HealthCheckConfig
        /// The state.
        public var state: HealthCheckState

        /// Creates a report.
        public init(check: HealthCheckConfig, state: HealthCheckState) {
            self.check = check
            self.state = state
        }
    }

    private struct Entry {
        var check: HealthCheckConfig
        var state: HealthCheckState
        var task: RepeatedTask?
        var generation: Int
    }

    private let group: any EventLoopGroup
    private let clock: any EdgeClock
    private let logger: Logger
    private let intervalOverride: TimeAmount?
    private let onChange: (@Sendable (String, HealthCheckState.Status) -> Void)?
    private let entries = NIOLockedValueBox<(items: [String: Entry], generation: Int, stopped: Bool)>(([:], 0, false))

    /// Creates a checker with no checks.
    /// - Parameters:
    ///   - group: where probes run.
    ///   - clock: the time stamps of results.
    ///   - logger: status changes are logged at notice level.
    ///   - intervalOverride: tests only: the delay between probes instead of `requestInterval`.
    ///   - onChange: called (on an event loop) after a check's status changes.
    public init(
        group: any EventLoopGroup, clock: any EdgeClock = SystemClock(), logger: Logger,
        intervalOverride: TimeAmount? = nil,
        onChange: (@Sendable (String, HealthCheckState.Status) -> Void)? = nil
    ) {
        self.group = group
        self.clock = clock
        self.logger = logger
        self.intervalOverride = intervalOverride
        self.onChange = onChange
    }

    /// Whether check `id` passes: nil when there is no such check or no result yet, true for a
    /// disabled check (Route 53 treats those as healthy).
    public func isHealthy(_ id: String) -> Bool? {
        entries.withLockedValue { all in
            guard let entry = all.items[id] else { return nil }
            if entry.check.disabled { return true }
            return entry.state.status == .unknown ? nil : entry.state.status == .healthy
        }
    }

    /// Every check's configuration and state, by id.
    public func snapshot() -> [Report] {
        entries.withLockedValue { all in
            all.items.values.map { Report(check: $0.check, state: $0.state) }.sorted { $0.check.id < $1.check.id }
        }
    }

    /// Applies a new list of checks (start, or a reload).
    public func replace(_ checks: [HealthCheckConfig]) {
        var toStart: [(HealthCheckConfig, Int)] = []
        var toCancel: [RepeatedTask] = []
        entries.withLockedValue { all in
            guard !all.stopped else { return }
            var next: [String: Entry] = [:]
            for check in checks {
                if let existing = all.items[check.id], existing.check == check {
                    next[check.id] = existing
                    continue
                }
                if let task = all.items[check.id]?.task { toCancel.append(task) }
                all.generation += 1
                next[check.id] = Entry(
                    check: check, state: HealthCheckState(failureThreshold: check.failureThreshold), task: nil,
                    generation: all.generation)
                if !check.disabled { toStart.append((check, all.generation)) }
            }
            for (id, entry) in all.items where next[id] == nil {
                if let task = entry.task { toCancel.append(task) }
            }
            all.items = next
        }
        for task in toCancel { task.cancel() }
        for (check, generation) in toStart { start(check, generation: generation) }
    }

    /// Stops every schedule; states stay readable.
    public func shutdown() {
        let tasks = entries.withLockedValue { all -> [RepeatedTask] in
            all.stopped = true
            return all.items.values.compactMap(\.task)
        }
        for task in tasks { task.cancel() }
    }

    private func start(_ check: HealthCheckConfig, generation: Int) {
        let probe = HealthProbe(check: check)
        let interval = intervalOverride ?? .seconds(Int64(check.requestInterval))
        let eventLoop = group.next()
        let task = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: interval) { [self] _ in
            probe.run(on: eventLoop).map { outcome in
                self.record(outcome, for: check.id, generation: generation)
            }
        }
        let keep = entries.withLockedValue { all -> Bool in
            guard var entry = all.items[check.id], entry.generation == generation, !all.stopped else { return false }
            entry.task = task
            all.items[check.id] = entry
            return true
        }
        if !keep { task.cancel() }
    }

    private func record(_ outcome: HealthCheckState.Outcome, for id: String, generation: Int) {
        let now = clock.now()
        let change = entries.withLockedValue { all -> HealthCheckState.Status? in
            guard var entry = all.items[id], entry.generation == generation else { return nil }
            let change = entry.state.record(outcome, at: now)
            all.items[id] = entry
            return change
        }
        guard let change else { return }
        var metadata: Logger.Metadata = ["healthCheck": "\(id)", "status": "\(change.rawValue)"]
        if case .failure(let reason) = outcome { metadata["reason"] = "\(reason)" }
        logger.notice("health check status changed", metadata: metadata)
        onChange?(id, change)
    }
}
