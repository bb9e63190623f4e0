import EdgeConfig
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One Route 53 style probe of an endpoint: TCP connect, then (for HTTP and HTTPS checks) a GET whose
/// status must be 2xx or 3xx and, with a search string, whose first 5,120 body bytes must contain it.
///
/// Timeouts are Route 53's: an HTTP(S) check must connect within 4 s and get its status within 2 s
/// after that; a TCP check must connect within 10 s. HTTPS certificates are not validated (Route 53
/// does not either). The probe never throws: every problem is a `.failure` with a reason.
///
/// ```swift
/// let outcome = try await HealthProbe(check: config).run(on: group.next()).get()
/// ```
public struct HealthProbe: Sendable {
    /// The check.
    public let check: HealthCheckConfig
    /// Connect timeout.
    public var connectTimeout: TimeAmount
    /// Time from connection to the end of the status line (and search window).
    public var responseTimeout: TimeAmount

    /// Creates a probe with Route 53's timeouts.
    public init(check: HealthCheckConfig) {
        self.check = check
        self.connectTimeout = check.type.isHTTP ? .seconds(4) : .seconds(10)
        self.responseTimeout = .seconds(2)
    }

    /// Runs the probe once.
    public func run(on eventLoop: any EventLoop) -> EventLoopFuture<HealthCheckState.Outcome> {
        guard let (host, port) = check.hostAndPort else {
            return eventLoop.makeSucceededFuture(.failure("target '\(check.target)' is not host:port"))
        }
        let check = self.check
        let result = eventLoop.makePromise(of: HealthCheckState.Outcome.self)
        let tlsContext: NIOSSLContext?
        if check.type.usesTLS {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            do {
                tlsContext = try NIOSSLContext(configuration: tls)
            } catch {
                return eventLoop.makeSucceededFuture(.failure("TLS setup failed: \(error)"))
            }
        } else {
            tlsContext = nil
        }
        let serverName = check.fullyQualifiedDomainName ?? host
        let responseTimeout = self.responseTimeout
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                guard check.type.isHTTP else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tlsContext {
                        let sni = HealthProbe.isAddressLiteral(serverName) ? nil : serverName
                        try sync.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: sni))
                    }
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(
                        HealthProbeHandler(
                            host: serverName, port: port, path: check.resourcePath, searchString: check.searchString,
                            result: result))
                }
            }
        bootstrap.connect(host: host, port: port).whenComplete { connected in
            switch connected {
            case .failure(let error):
                result.succeed(.failure("connect to \(check.target) failed: \(Self.describe(error))"))
            case .success(let channel):
                guard check.type.isHTTP else {
                    result.succeed(.success)
                    channel.close(promise: nil)
                    return
                }
                let timer = channel.eventLoop.scheduleTask(in: responseTimeout) {
                    result.succeed(
                        .failure("no complete response within \(responseTimeout.nanoseconds / 1_000_000) ms"))
                }
                result.futureResult.whenComplete { _ in
                    timer.cancel()
                    channel.close(promise: nil)
                }
                channel.closeFuture.whenComplete { _ in
                    result.succeed(.failure("connection closed before a response"))
                }
            }
        }
        return result.futureResult
    }

    static func isAddressLiteral(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
            return "\(first.error)"
        }
        return "\(error)"
    }
}

/// Sends the GET and judges the response. The probe's promise may also be completed by its timer or by
/// the connection closing; NIO ignores every completion after the first.
final class HealthProbeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let host: String
    private let port: Int
    private let path: String
    private let searchString: [UInt8]?
    private let result: EventLoopPromise<HealthCheckState.Outcome>
    private var body: [UInt8] = []
    private var statusOK = false
    private var done = false

    init(
        host: String, port: Int, path: String, searchString: String?, result: EventLoopPromise<HealthCheckState.Outcome>
    ) {
        self.host = host
        self.port = port
        self.path = path
        self.searchString = searchString.map { Array($0.utf8) }
        self.result = result
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        headers.add(name: "Host", value: hostHeader)
        headers.add(name: "User-Agent", value: "edge-health-check/1")
        headers.add(name: "Accept", value: "*/*")
        headers.add(name: "Connection", value: "close")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard (200..<400).contains(head.status.code) else {
                finish(.failure("HTTP status \(head.status.code)"))
                return
            }
            statusOK = true
            if searchString == nil { finish(.success) }
        case .body(var chunk):
            guard let searchString, statusOK else { return }
            let room = HealthCheckConfig.searchWindow - body.count
            if room > 0, let bytes = chunk.readBytes(length: min(room, chunk.readableBytes)) {
                body += bytes
            }
            if Self.contains(body, searchString) {
                finish(.success)
            } else if body.count >= HealthCheckConfig.searchWindow {
                finish(.failure("search string not in the first \(HealthCheckConfig.searchWindow) bytes"))
            }
        case .end:
            guard let searchString, statusOK else { return }
            finish(
                Self.contains(body, searchString)
                    ? .success : .failure("search string not in the first \(HealthCheckConfig.searchWindow) bytes"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure("\(error)"))
        context.close(promise: nil)
    }

    private func finish(_ outcome: HealthCheckState.Outcome) {
        guard !done else { return }
        done = true
        result.succeed(outcome)
    }

    /// Whether `needle` occurs in `haystack` (byte search; the window is at most 5,120 bytes).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}
