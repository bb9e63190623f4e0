import NIOCore
import NIOHTTP1
import NIOPosix

/// The admin listener's HTTP/1.1 handler: NIO's server pipeline (typed parts; the admin API is not a
/// hot path), one `AdminAPI` call per request on the thread pool (a reload reads files), keep-alive.
final class AdminHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request bodies are not used; larger ones are refused.
    static let maximumBodyBytes = 65_536

    private let api: @Sendable () -> AdminAPI?
    private let threadPool: NIOThreadPool
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    /// - Parameter api: the current API (token and backend), nil when the listener has no token.
    init(api: @escaping @Sendable () -> AdminAPI?, threadPool: NIOThreadPool) {
        self.api = api
        self.threadPool = threadPool
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodyBytes = 0
        case .body(let chunk):
            bodyBytes += chunk.readableBytes
        case .end:
            guard let head else { return }
            self.head = nil
            let keepAlive = head.isKeepAlive
            guard bodyBytes <= Self.maximumBodyBytes else {
                write(.error(413, "request body too large"), head: head, keepAlive: false, context: context)
                return
            }
            guard let api = api() else {
                write(.error(503, "admin API has no token"), head: head, keepAlive: false, context: context)
                return
            }
            let path = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let request = AdminRequest(
                method: head.method.rawValue, path: path, authorization: head.headers.first(name: "authorization"))
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            threadPool.runIfActive(eventLoop: context.eventLoop) { api.handle(request) }.whenComplete { result in
                let (handler, context) = loopBound.value
                let response: AdminResponse
                switch result {
                case .success(let answer): response = answer
                case .failure(let error): response = .error(500, "admin request failed: \(error)")
                }
                handler.write(response, head: head, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(
        _ response: AdminResponse, head: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext
    ) {
        var body = context.channel.allocator.buffer(capacity: response.body.utf8.count)
        body.writeString(response.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Cache-Control", value: "no-store")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
