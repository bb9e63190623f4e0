/// Where routing policies learn whether a health check passes. Called on every policy answer from any
/// thread, so implementations must be cheap and thread-safe.
public protocol HealthStateProvider: Sendable {
    /// Whether the health check `id` passes: true, false, or nil when unknown (no such check, or no
    /// result yet), which routing treats as healthy, as Route 53 does for records without checks.
    func isHealthy(_ id: String) -> Bool?
}
