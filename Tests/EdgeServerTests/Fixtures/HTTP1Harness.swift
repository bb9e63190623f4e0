import EdgeConfig
import EdgeCore
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix

@testable import EdgeServer

/// An HTTP/1.1 connection pipeline (decoder + `HTTP1ConnectionHandler`) on an `EmbeddedChannel`,
/// configured from YAML, for tests of answers the edge gives itself (no origin traffic).
final class HTTP1Harness {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let threadPool = NIOThreadPool(numberOfThreads: 1)
    let channel = EmbeddedChannel()
    let server: ServerContext
    let directory: String

    static let defaultYAML = """
        listeners:
          - {name: http, address: "127.0.0.1:8080", protocol: http}
        origins:
          - {id: site, directory: {path: site}}
        distributions:
          - id: main
            aliases: [a.test]
            cacheBehaviors:
              - {pathPattern: "/secure/*", targetOriginId: site, viewerProtocolPolicy: redirect-to-https}
              - {pathPattern: "/only-tls/*", targetOriginId: site, viewerProtocolPolicy: https-only}
              - {pathPattern: "/upload/*", targetOriginId: site, allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE], maxRequestBodyBytes: 100}
            defaultCacheBehavior: {targetOriginId: site}
        """

    init(yaml: String = HTTP1Harness.defaultYAML) throws {
        directory = NSTemporaryDirectory() + "edge-http1-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/site", withIntermediateDirectories: true)
        let loaded = try ConfigLoader.parse(yaml: yaml, file: "test.yaml", baseDirectory: directory)
        let state = try RuntimeState(loaded: loaded, authority: nil, loadedAt: 0)
        threadPool.start()
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        server = ServerContext(
            group: group, state: state, clock: SystemClock(), accessLog: quiet, errorLog: quiet, threadPool: threadPool)
        try EdgeServer.configureHTTP1(channel, context: server, isHTTPS: false, serverName: nil).wait()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    }

    deinit {
        _ = try? channel.finish()
        try? group.syncShutdownGracefully()
        try? threadPool.syncShutdownGracefully()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Feeds raw bytes as if the client sent them.
    func send(_ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// Everything the server wrote so far, as text.
    func output() throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// `output()`, or an empty string when reading failed (the expectation on it then fails).
    func outputOrEmpty() -> String {
        (try? output()) ?? ""
    }

    /// The status codes of the responses in `text`, in order.
    static func statuses(_ text: String) -> [Int] {
        // Status lines start a line; error bodies end with a bare "\n", so split on that.
        text.components(separatedBy: "\n").compactMap { line in
            guard line.hasPrefix("HTTP/1.1 ") else { return nil }
            return Int(line.dropFirst(9).prefix(3))
        }
    }
}
