/// The state of one health check, Route 53 style: a check turns unhealthy after `failureThreshold`
/// consecutive failed probes and healthy again after as many consecutive successes. Before its first
/// result a check is `unknown`, which routing treats as healthy (as Route 53 does for a new check); the
/// first success makes it healthy at once. Pure: the prober feeds it outcomes with their times.
///
/// ```swift
/// var state = HealthCheckState(failureThreshold: 3)
/// state.record(.failure("connection refused"), at: clock.now())   // still unknown (1 of 3)
/// ```
public struct HealthCheckState: Sendable, Hashable {
    /// What routing should assume.
    public enum Status: String, Sendable, Hashable {
        /// No result yet: treated as healthy.
        case unknown
        /// Passing.
        case healthy
        /// Failing: records with this check are left out of answers.
        case unhealthy
    }

    /// The result of one probe.
    public enum Outcome: Sendable, Hashable {
        /// The endpoint answered as required.
        case success
        /// It did not; the reason is for operators (admin API, logs).
        case failure(String)
    }

    /// Consecutive results needed to change status (Route 53: 1–10, default 3).
    public let failureThreshold: Int
    /// The current status.
    public private(set) var status: Status = .unknown
    /// Failures since the last success.
    public private(set) var consecutiveFailures = 0
    /// Successes since the last failure.
    public private(set) var consecutiveSuccesses = 0
    /// The latest outcome, if any.
    public private(set) var lastOutcome: Outcome?
    /// When the latest outcome was recorded (clock seconds).
    public private(set) var lastChecked: Double?
    /// When the status last changed (clock seconds).
    public private(set) var lastTransition: Double?
    /// Probes recorded in all.
    public private(set) var probes = 0

    /// Creates the state of a check with no result yet.
    public init(failureThreshold: Int) {
        self.failureThreshold = max(1, failureThreshold)
    }

    /// Whether routing may use records with this check (unknown counts as healthy).
    public var isHealthy: Bool { status != .unhealthy }

    /// Records one probe's outcome.
    /// - Returns: the new status if it changed.
    @discardableResult
    public mutating func record(_ outcome: Outcome, at time: Double) -> Status? {
        probes += 1
        lastOutcome = outcome
        lastChecked = time
        let next: Status
        switch outcome {
        case .success:
            consecutiveSuccesses += 1
            consecutiveFailures = 0
            next = status == .unhealthy && consecutiveSuccesses < failureThreshold ? .unhealthy : .healthy
        case .failure:
            consecutiveFailures += 1
            consecutiveSuccesses = 0
            next = consecutiveFailures >= failureThreshold ? .unhealthy : status
        }
        guard next != status else { return nil }
        status = next
        lastTransition = time
        return next
    }
}
