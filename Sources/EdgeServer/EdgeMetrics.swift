import EdgeConfig
import EdgeHealth
import NIOConcurrencyHelpers
import Prometheus

/// The node's Prometheus metrics (swift-prometheus registry), rendered for `GET /metrics` on the admin
/// listener. Health-check gauges are refreshed from the checker at each scrape, so probes never touch
/// the registry.
///
/// | metric | type | labels |
/// |---|---|---|
/// | `edge_info` | gauge (1) | node, region, version |
/// | `edge_health_check_status` | gauge: 1 healthy or unknown, 0 unhealthy | health_check_id, type |
/// | `edge_health_check_consecutive_failures` | gauge | health_check_id |
/// | `edge_health_check_probes` | gauge: probes run since (re)configured | health_check_id |
/// | `edge_config_reloads_total` | counter | result (applied, rejected) |
final class EdgeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let healthIDs = NIOLockedValueBox<Set<String>>([])
    private let reloadsApplied: Counter
    private let reloadsRejected: Counter

    init(node: String, region: String, version: String) {
        registry.makeGauge(
            descriptor: Self.descriptor("edge_info", "Identity of this edge node (always 1)."),
            labels: [("node", node), ("region", region), ("version", version)]
        ).set(Int64(1))
        reloadsApplied = registry.makeCounter(
            descriptor: Self.descriptor("edge_config_reloads_total", "Configuration reloads, by result."),
            labels: [("result", "applied")])
        reloadsRejected = registry.makeCounter(
            descriptor: Self.descriptor("edge_config_reloads_total", "Configuration reloads, by result."),
            labels: [("result", "rejected")])
    }

    /// Counts one reload.
    func recordReload(applied: Bool) {
        (applied ? reloadsApplied : reloadsRejected).increment()
    }

    /// The text exposition, with health gauges taken from `reports`.
    func render(health reports: [HealthChecker.Report]) -> String {
        let current = Set(reports.map(\.check.id))
        let gone = healthIDs.withLockedValue { ids -> Set<String> in
            let gone = ids.subtracting(current)
            ids = current
            return gone
        }
        for id in gone {
            for type in HealthCheckConfig.CheckType.allCases.map(\.rawValue) {
                registry.unregisterGauge(statusGauge(id, type: type))
            }
            registry.unregisterGauge(failuresGauge(id))
            registry.unregisterGauge(probesGauge(id))
        }
        for report in reports {
            let id = report.check.id
            for type in HealthCheckConfig.CheckType.allCases.map(\.rawValue) where type != report.check.type.rawValue {
                registry.unregisterGauge(statusGauge(id, type: type))
            }
            let healthy = report.check.disabled || report.state.isHealthy
            statusGauge(id, type: report.check.type.rawValue).set(Int64(healthy ? 1 : 0))
            failuresGauge(id).set(Double(report.state.consecutiveFailures))
            probesGauge(id).set(Double(report.state.probes))
        }
        return registry.emitToString()
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private func statusGauge(_ id: String, type: String) -> Gauge {
        registry.makeGauge(
            descriptor: Self.descriptor(
                "edge_health_check_status", "1 when the health check passes (or has no result yet), 0 when it fails."),
            labels: [("health_check_id", id), ("type", type)])
    }

    private func failuresGauge(_ id: String) -> Gauge {
        registry.makeGauge(
            descriptor: Self.descriptor(
                "edge_health_check_consecutive_failures", "Failed probes since the last success."),
            labels: [("health_check_id", id)])
    }

    private func probesGauge(_ id: String) -> Gauge {
        registry.makeGauge(
            descriptor: Self.descriptor("edge_health_check_probes", "Probes run since the check was (re)configured."),
            labels: [("health_check_id", id)])
    }
}
