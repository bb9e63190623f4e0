import EdgeConfig
import NIOCore
import NIOPosix
import Testing

@testable import EdgeHealth

@Suite struct HealthProbeTests {
    static func http(_ status: String, body: String = "") -> String {
        "HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    func probe(_ response: String?, type: HealthCheckConfig.CheckType = .http, search: String? = nil) throws
        -> HealthCheckState.Outcome
    {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let server = try CannedServer(group: group, response: response)
        defer { try? server.close() }
        var probe = HealthProbe(
            check: HealthCheckConfig(
                id: "t", type: type, target: "127.0.0.1:\(server.port)", resourcePath: "/health", searchString: search))
        probe.responseTimeout = .milliseconds(300)
        return try probe.run(on: group.next()).wait()
    }

    @Test func twoHundredAndRedirectsPass() throws {
        #expect(try probe(Self.http("200 OK", body: "fine")) == .success)
        #expect(try probe(Self.http("302 Found")) == .success)
    }

    @Test func errorStatusFailsWithTheStatus() throws {
        #expect(try probe(Self.http("503 Service Unavailable")) == .failure("HTTP status 503"))
        #expect(try probe(Self.http("404 Not Found")) == .failure("HTTP status 404"))
    }

    @Test func searchStringMustBeInTheFirst5120Bytes() throws {
        let early = String(repeating: "x", count: 100) + "status: ok"
        #expect(try probe(Self.http("200 OK", body: early), search: "ok") == .success)
        let late = String(repeating: "x", count: 6000) + "ok"
        let outcome = try probe(Self.http("200 OK", body: late), search: "ok")
        #expect(outcome == .failure("search string not in the first 5120 bytes"))
        let straddling = String(repeating: "x", count: 5119) + "ok"
        #expect(try probe(Self.http("200 OK", body: straddling), search: "ok") != .success)
    }

    @Test func searchStringDoesNotRescueAnErrorStatus() throws {
        #expect(try probe(Self.http("500 Oops", body: "ok"), search: "ok") == .failure("HTTP status 500"))
    }

    @Test func refusedConnectionFails() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let port = try CannedServer.closedPort(group: group)
        for type in [HealthCheckConfig.CheckType.http, .tcp] {
            let probe = HealthProbe(check: HealthCheckConfig(id: "t", type: type, target: "127.0.0.1:\(port)"))
            let outcome = try probe.run(on: group.next()).wait()
            guard case .failure(let reason) = outcome else {
                Issue.record("expected a failure, got \(outcome)")
                continue
            }
            #expect(reason.hasPrefix("connect to 127.0.0.1:\(port) failed"))
        }
    }

    @Test func silentServerTimesOut() throws {
        let outcome = try probe(nil)
        #expect(outcome == .failure("no complete response within 300 ms"))
    }

    @Test func garbageIsAFailure() throws {
        let outcome = try probe("SSH-2.0-OpenSSH_9.2\r\n")
        #expect(outcome != .success)
    }

    @Test func tcpPassesOnConnectAlone() throws {
        #expect(try probe(nil, type: .tcp) == .success)
    }

    @Test func byteSearch() {
        #expect(HealthProbeHandler.contains(Array("hello ok".utf8), Array("ok".utf8)))
        #expect(!HealthProbeHandler.contains(Array("o".utf8), Array("ok".utf8)))
        #expect(!HealthProbeHandler.contains(Array("okay".utf8), Array("oka!".utf8)))
    }
}
