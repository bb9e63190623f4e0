import EdgeConfig
import EdgeHealth
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@Suite struct HealthCheckerTests {
    /// Polls `condition` every 20 ms for up to 20 s (generous: the machine may be loaded).
    func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func stoppedBackendTurnsUnhealthyAfterTheThresholdAndBack() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        var server = try CannedServer(group: group, response: ok)
        let port = server.port
        let changes = NIOLockedValueBox<[String]>([])
        let checker = HealthChecker(
            group: group, logger: Logger(label: "test"), intervalOverride: .milliseconds(30)
        ) { id, status in changes.withLockedValue { $0.append("\(id)=\(status.rawValue)") } }
        defer { checker.shutdown() }
        checker.replace([
            HealthCheckConfig(
                id: "api", type: .http, target: "127.0.0.1:\(port)", failureThreshold: 2, searchString: "ok")
        ])
        #expect(eventually { checker.isHealthy("api") == true })
        try server.close()
        #expect(eventually { checker.isHealthy("api") == false })
        let report = try #require(checker.snapshot().first)
        #expect(report.state.consecutiveFailures >= 2)
        #expect(changes.withLockedValue { $0 } == ["api=healthy", "api=unhealthy"])
        server = try CannedServer(group: group, response: ok, port: port)
        defer { try? server.close() }
        #expect(eventually { checker.isHealthy("api") == true })
    }

    @Test func unknownAndDisabledChecks() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let checker = HealthChecker(group: group, logger: Logger(label: "test"))
        defer { checker.shutdown() }
        checker.replace([HealthCheckConfig(id: "off", type: .tcp, target: "127.0.0.1:1", disabled: true)])
        #expect(checker.isHealthy("off") == true)
        #expect(checker.isHealthy("missing") == nil)
    }

    @Test func replaceKeepsUnchangedChecksAndDropsRemovedOnes() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let server = try CannedServer(group: group, response: nil)
        defer { try? server.close() }
        let checker = HealthChecker(group: group, logger: Logger(label: "test"), intervalOverride: .milliseconds(30))
        defer { checker.shutdown() }
        let keep = HealthCheckConfig(id: "keep", type: .tcp, target: "127.0.0.1:\(server.port)")
        let drop = HealthCheckConfig(id: "drop", type: .tcp, target: "127.0.0.1:\(server.port)")
        checker.replace([keep, drop])
        #expect(eventually { checker.snapshot().allSatisfy { $0.state.probes >= 2 } })
        let probesBefore = try #require(checker.snapshot().first { $0.check.id == "keep" }).state.probes
        checker.replace([keep])
        let after = checker.snapshot()
        #expect(after.map(\.check.id) == ["keep"])
        #expect(try #require(after.first).state.probes >= probesBefore)
        #expect(checker.isHealthy("drop") == nil)
    }
}
