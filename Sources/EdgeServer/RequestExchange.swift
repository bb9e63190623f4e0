import EdgeConfig
import EdgeCore
import EdgeOrigin
import EdgeProxy
import EdgeRouting
import NIOCore
import NIOHTTP1

/// One viewer request from head to last byte, through the named phases (docs/architecture.md):
/// `earlyRequestFilter` → `resolveDistribution` → `matchBehavior` → `viewerPolicy` → `upstreamPeer`
/// → `upstreamRequestFilter` → `upstreamResponseFilter` → `responseFilter` → `logging`, with
/// `failToConnect` (next attempt / group member) and `failToProxy` (502/504) on the error paths.
///
/// Event-loop bound, hence `@unchecked Sendable` (the viewer connection's loop; origin connections are made on the same loop).
final class RequestExchange: OriginResponseDelegate, @unchecked Sendable {
    private let sink: any ResponseSink
    private let state: RuntimeState
    private let request: ViewerRequest
    private var log: AccessLogRecord
    private let server: ServerContext

    /// The matched behavior's plan (held by reference: no configuration struct is copied per request).
    private var plan: BehaviorPlan?

    // Proxy state.
    private var candidateIndex = 0
    private var connection: OriginConnection?
    /// The HTTP origin being tried and its endpoint.
    private var current: (plan: OriginPlan, endpoint: HTTPOriginEndpoint)?
    private var pendingBody: [ByteBuffer] = []
    private var requestEnded = false
    private var requestBodyBytes = 0
    private var retriedFresh = false
    private var directorySender: DirectoryFileSender?
    /// The subrequest fetching a `customErrorResponses` page, once this exchange handed over to it.
    private var errorPage: RequestExchange?
    /// Whether this exchange is itself an error-page subrequest (never diverted again, never logged).
    private let isErrorPageRequest: Bool

    // Response state.
    private(set) var responseStarted = false
    private(set) var finished = false
    /// Set when the connection must close after this response (e.g. the body was not read).
    private(set) var closeAfterResponse = false

    init(
        sink: any ResponseSink, state: RuntimeState, request: ViewerRequest, server: ServerContext,
        isErrorPageRequest: Bool = false
    ) {
        self.isErrorPageRequest = isErrorPageRequest
        self.sink = sink
        self.state = state
        self.request = request
        self.server = server
        self.log = AccessLogRecord(
            start: server.clock.now(), requestId: request.requestId, clientAddress: request.clientAddress,
            serverName: request.serverName, host: request.host, method: request.method.rawValue,
            path: request.target.utf8.count <= 2048 ? request.target : String(request.target.prefix(2048)),
            protocolName: request.protocolName)
    }

    // MARK: - Viewer side

    /// Runs the phases up to the point where the response source is known.
    /// - Parameter routed: the route of this request's host and target when the hit path already
    ///   looked it up (same configuration snapshot), so it is not looked up twice.
    func start(route routed: RoutedBehavior? = nil) {
        // earlyRequestFilter: limits and syntax.
        if request.target.utf8.count > state.limits.maxURLBytes {
            return respondLocally(
                .uriTooLong, "414 URI Too Long: the request target exceeds \(state.limits.maxURLBytes) bytes.\n",
                close: true)
        }
        guard request.target.utf8.first == UInt8(ascii: "/") else {
            return respondLocally(
                .badRequest, "400 Bad Request: the request target must be an absolute path.\n", close: true)
        }
        guard !request.host.isEmpty else {
            return respondLocally(.badRequest, "400 Bad Request: a Host header is required.\n", close: true)
        }
        // resolveDistribution + matchBehavior.
        guard let routed = routed ?? state.routed(host: request.host, target: request.target) else {
            return respondLocally(
                .misdirectedRequest,
                "421 Misdirected Request: no distribution serves host '\(String(request.host.prefix(255)))'.\n")
        }
        let plan = routed.plan
        self.plan = plan
        log.distribution = plan.distribution.id
        log.behavior = routed.route.pathPattern
        // viewerPolicy.
        switch ViewerPolicy.decide(
            isHTTPS: request.isHTTPS, method: request.method.rawValue, host: request.host, target: request.target,
            httpsPort: state.httpsPort, policy: plan.viewerProtocolPolicy, allowedMethods: plan.behavior.allowedMethods)
        {
        case .proceed:
            break
        case .redirect(let location):
            var headers = HTTPHeaders()
            headers.add(name: "location", value: location)
            return respondLocally(.movedPermanently, "301 Moved Permanently: \(location)\n", headers: headers)
        case .httpsRequired:
            return respondLocally(.forbidden, "403 Forbidden: this resource is only served over HTTPS.\n")
        case .methodNotAllowed(let allow):
            var headers = HTTPHeaders()
            headers.add(name: "allow", value: allow)
            return respondLocally(
                .methodNotAllowed, "405 Method Not Allowed: allowed methods are \(allow).\n", headers: headers)
        }
        let maxBody = plan.behavior.maxRequestBodyBytes
        if let length = request.contentLength, length > maxBody {
            return respondLocally(
                .payloadTooLarge, "413 Payload Too Large: the limit is \(maxBody) bytes.\n", close: true)
        }
        if ForwardedHeaders.isLoop(via: request.summary.via, nodeName: state.nodeName) {
            return respondLocally(.loopDetected, "508 Loop Detected: this request already passed through this node.\n")
        }
        // upstreamPeer.
        candidateIndex = 0
        tryCandidate()
    }

    /// A piece of the request body arrived.
    func requestBody(_ buffer: ByteBuffer) {
        requestBodyBytes += buffer.readableBytes
        log.bytesIn = requestBodyBytes
        if finished || directorySender != nil || errorPage != nil { return }  // answered already: discard
        if let plan, requestBodyBytes > plan.behavior.maxRequestBodyBytes {
            let limit = plan.behavior.maxRequestBodyBytes
            connection?.abort()
            connection = nil
            if !responseStarted {
                respondLocally(
                    .payloadTooLarge, "413 Payload Too Large: the limit is \(limit) bytes.\n", close: true)
            } else {
                abortResponse(EdgeError(.bodyTooLarge, source: .downstream))
            }
            return
        }
        if let connection {
            // Flush every piece (the origin sees the body as it arrives), then pause only if the
            // connection is still unwritable: a writability event fired during the flush is not lost.
            connection.writeBody(buffer)
            connection.flush()
            if !connection.isWritable { sink.pauseRequestBody() }
        } else {
            pendingBody.append(buffer)
            sink.pauseRequestBody()
        }
    }

    /// The request body (if any) is complete.
    func requestEnd() {
        requestEnded = true
        if finished { return }
        connection?.endRequest()
    }

    /// The viewer's side can take more again.
    func sinkBecameWritable() {
        errorPage?.sinkBecameWritable()
        connection?.resumeReading()
        directorySender?.resume()
    }

    /// The viewer went away.
    func downstreamClosed() {
        errorPage?.downstreamClosed()
        connection?.abort()
        connection = nil
        directorySender?.cancel()
        if !finished {
            finished = true
            log.error = "viewer closed the connection"
            if log.status == 0 { log.status = 499 }
            writeLog()
        }
    }

    // MARK: - Local answers

    /// Answers from the edge itself with a short text body.
    func respondLocally(
        _ status: HTTPResponseStatus, _ body: String, headers: HTTPHeaders = HTTPHeaders(), close: Bool = false
    ) {
        guard !finished else { return }
        var headers = headers
        headers.replaceOrAdd(name: "content-type", value: "text/plain; charset=utf-8")
        headers.replaceOrAdd(name: "cache-control", value: "no-store")
        addResponseDecorations(&headers)
        if close { closeAfterResponse = true }
        let isHead = request.method.isHEAD
        var buffer = ByteBuffer(string: body)
        log.status = Int(status.code)
        responseStarted = true
        if isHead {
            headers.replaceOrAdd(name: "content-length", value: String(buffer.readableBytes))
            sink.sendHead(status: status, headers: headers, framing: .empty)
        } else {
            sink.sendHead(status: status, headers: headers, framing: .length(buffer.readableBytes))
            log.bytesOut += buffer.readableBytes
            sink.sendBody(buffer.slice())
        }
        buffer.clear()
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        writeLog()
        let close = closeAfterResponse || (!requestEnded && request.hasBody && !closeAfterResponseDrainable)
        sink.sendEnd(closeConnection: close)
    }

    /// A short unread body may be drained (HTTP/1.1 keeps the connection); a long one closes it.
    private var closeAfterResponseDrainable: Bool {
        guard let length = request.contentLength else { return false }
        return length <= 64 * 1024
    }

    private func writeLog() {
        if state.accessLogEnabled && !isErrorPageRequest {
            server.accessLog.info("\(log.jsonLine(now: server.clock.now()))")
        }
    }

    private func addResponseDecorations(_ headers: inout HTTPHeaders) {
        if let plan {
            for name in plan.behavior.responseHeadersPolicy.removeHeaders { headers.remove(name: name) }
            for custom in plan.behavior.responseHeadersPolicy.customHeaders {
                if custom.override || !headers.contains(name: custom.header) {
                    headers.replaceOrAdd(name: custom.header, value: custom.value)
                }
            }
        }
        if let plan, plan.distribution.debugHeaders {
            headers.replaceOrAdd(name: "x-edge-behavior", value: log.behavior ?? "-")
            headers.replaceOrAdd(name: "x-edge-distribution", value: plan.distribution.id)
            if let origin = log.origin { headers.replaceOrAdd(name: "x-edge-origin", value: origin) }
        }
        headers.replaceOrAdd(name: "x-edge-request-id", value: log.requestId)
    }

    // MARK: - Upstream (upstreamPeer / failToConnect / failToProxy)

    private var failoverAllowed: Bool {
        // CloudFront fails over only for GET, HEAD and OPTIONS; requests with a body cannot be replayed.
        request.method.isReplayable && !request.hasBody
    }

    /// The origins to try in order (empty before routing).
    private var candidates: [OriginPlan] { plan?.targets ?? [] }

    private func tryCandidate() {
        let target = candidates[candidateIndex]
        log.origin = target.id
        guard let resolved = target.resolved else {
            return failToProxy(EdgeError(.internalFailure, source: .internal, context: "unknown origin \(target.id)"))
        }
        switch resolved {
        case .directory(let resolver, _):
            serveDirectory(resolver)
        case .s3:
            respondLocally(.badGateway, "502 Bad Gateway: this origin type is not served yet.\n")
        case .http(let endpoint, _):
            current = (target, endpoint)
            connect(fresh: false)
        }
    }

    private func connect(fresh: Bool) {
        guard let (origin, endpoint) = current else { return }
        let pool = server.pool(for: sink.eventLoop)
        if request.summary.expectsContinue && !responseStarted {
            sink.sendContinue()
        }
        // A current idle connection is used at once: no future, no closure.
        if !fresh, let connection = pool.takeIdle(endpoint) {
            return startUpstream(on: connection, endpoint: endpoint, origin: origin)
        }
        pool.acquire(endpoint, policy: origin.connectPolicy, fresh: fresh).whenComplete { result in
            guard !self.finished else {
                if case .success(let c) = result { c.abort() }
                return
            }
            switch result {
            case .success(let connection):
                self.startUpstream(on: connection, endpoint: endpoint, origin: origin)
            case .failure(let error):
                self.failToConnect(
                    error as? EdgeError
                        ?? EdgeError(.connectRefused, source: .upstream, retryable: true, context: "\(error)"))
            }
        }
    }

    /// Sends the request head (and any body already received) on `connection`.
    private func startUpstream(on connection: OriginConnection, endpoint: HTTPOriginEndpoint, origin: OriginPlan) {
        self.connection = connection
        let chunked = request.contentLength == nil && request.hasBody
        connection.start(
            head: upstreamRequestHead(endpoint: endpoint, origin: origin), isHeadRequest: request.method.isHEAD,
            chunkedBody: chunked, delegate: self, responseTimeout: origin.responseTimeout)
        for buffer in pendingBody { connection.writeBody(buffer) }
        pendingBody.removeAll()
        if requestEnded {
            connection.endRequest()
        } else {
            connection.flush()
            if connection.isWritable { sink.resumeRequestBody() }
        }
    }

    /// `failToConnect`: the next group member, or an error answer.
    private func failToConnect(_ error: EdgeError) {
        log.error = error.description
        if failoverAllowed && candidateIndex + 1 < candidates.count {
            candidateIndex += 1
            return tryCandidate()
        }
        failToProxy(error)
    }

    /// `failToProxy`: 502 / 504 with a short body naming no internal address.
    private func failToProxy(_ error: EdgeError) {
        log.error = error.description
        server.errorLog.warning("request \(log.requestId) failed: \(error)")
        if responseStarted {
            return abortResponse(error)
        }
        if divertToErrorPage(status: error.httpStatus) { return }
        let text: String
        switch error.httpStatus {
        case 504: text = "504 Gateway Timeout: the origin did not answer in time.\n"
        case 500: text = "500 Internal Server Error.\n"
        default: text = "502 Bad Gateway: the origin could not be reached or sent an invalid response.\n"
        }
        respondLocally(HTTPResponseStatus(statusCode: error.httpStatus), text)
    }

    private func abortResponse(_ error: EdgeError) {
        log.error = error.description
        if !finished {
            finished = true
            writeLog()
        }
        sink.abort()
    }

    /// `upstreamRequestFilter`: the head sent to the origin, encoded straight to bytes: the viewer's
    /// fields less hop-by-hop ones and those the edge sets itself (`Host`, `X-Forwarded-*`, `Via`,
    /// framing), then the edge's own and the origin's `customHeaders` (which replace same-named fields).
    private func upstreamRequestHead(endpoint: HTTPOriginEndpoint, origin: OriginPlan) -> ByteBuffer {
        let nominated =
            request.summary.connectionNominates
            ? HopByHopHeaders(connectionValues: request.headers["connection"]) : nil
        let custom = origin.customHeaders
        let viaHop = request.protocolName == "HTTP/2" ? state.viaHop2 : state.viaHop11
        let skipHost = custom.contains(where: { $0.name.equalsLowercase("host") })
        let estimate =
            320 + request.target.utf8.count + endpoint.basePath.utf8.count + endpoint.hostHeader.utf8.count
            + request.host.utf8.count + request.clientAddress.utf8.count + viaHop.utf8.count
            + request.headers.count * 64
        var out = ByteBufferAllocator().buffer(capacity: estimate + 64)
        out.writeHead(estimate: estimate) { w in
            w.write(request.method.rawValue)
            w.write(" ")
            w.write(endpoint.basePath)
            w.write(request.target)
            w.write(" HTTP/1.1\r\n")
            if !skipHost {
                w.write("host: ")
                w.write(endpoint.hostHeader)
                w.write("\r\n")
            }
            var xff: String?
            var via: String?
            for (name, value) in request.headers {
                if HopByHopHeaders.isStandard(name) || nominated?.isHopByHop(name) == true { continue }
                // ASCII case-insensitive compares without lowercasing (no String per header).
                switch name.utf8.count {
                case 3 where name.equalsLowercase("via"):
                    via = via.map { $0 + ", " + value } ?? value
                    continue
                case 4 where name.equalsLowercase("host"), 6 where name.equalsLowercase("expect"),
                    14 where name.equalsLowercase("content-length"):
                    continue
                case 15 where name.equalsLowercase("x-forwarded-for"):
                    xff = xff.map { $0 + ", " + value } ?? value
                    continue
                case 16 where name.equalsLowercase("x-forwarded-host"),
                    17 where name.equalsLowercase("x-forwarded-proto"):
                    continue
                default:
                    break
                }
                if !custom.isEmpty && custom.contains(where: { $0.name.equalsIgnoringASCIICase(name) }) { continue }
                w.write(name)
                w.write(": ")
                w.write(value)
                w.write("\r\n")
            }
            /// A field the edge sets, unless an origin custom header replaces it; `line` is `name: `.
            func set(_ line: StaticString, _ value: String) {
                if !custom.isEmpty {
                    let name = String(
                        decoding: UnsafeRawBufferPointer(start: line.utf8Start, count: line.utf8CodeUnitCount - 2),
                        as: UTF8.self)
                    if custom.contains(where: { $0.name.equalsIgnoringASCIICase(name) }) { return }
                }
                w.write(line)
                w.write(value)
                w.write("\r\n")
            }
            set("x-forwarded-for: ", ForwardedHeaders.forwardedFor(existing: xff, clientAddress: request.clientAddress))
            set("x-forwarded-proto: ", request.isHTTPS ? "https" : "http")
            set("x-forwarded-host: ", request.host)
            set("via: ", ForwardedHeaders.via(existing: via, hop: viaHop))
            for field in custom {
                w.write(field.name)
                w.write(": ")
                w.write(field.value)
                w.write("\r\n")
            }
            if let length = request.contentLength {
                if length > 0 || request.method.announcesEmptyBody {
                    w.write("content-length: ")
                    w.writeDecimal(length)
                    w.write("\r\n")
                }
            } else if request.hasBody {
                w.write("transfer-encoding: chunked\r\n")
            }
            w.write("\r\n")
        }
        return out
    }

    // MARK: - OriginResponseDelegate (upstreamResponseFilter / responseFilter)

    func originResponseHead(_ head: OriginResponseHead) {
        let status = head.status
        if let plan, !plan.failoverStatuses.isEmpty, plan.failoverStatuses.contains(status), failoverAllowed,
            candidateIndex + 1 < plan.targets.count
        {
            connection?.abort()
            connection = nil
            log.error = "origin \(plan.targets[candidateIndex].id) answered \(status); failing over"
            candidateIndex += 1
            return tryCandidate()
        }
        if status >= 400 && divertToErrorPage(status: status) {
            connection?.abort()
            connection = nil
            return
        }
        let fields = ProxyResponseFields(
            policy: plan?.behavior.responseHeadersPolicy ?? ResponseHeadersPolicy(),
            debug: plan.flatMap { plan in
                plan.distribution.debugHeaders
                    ? .init(behavior: log.behavior ?? "-", distribution: plan.distribution.id, origin: log.origin) : nil
            }, requestId: log.requestId, viaHop: state.viaHop11, isHeadRequest: request.method.isHEAD
        ).build(head)
        log.status = status
        responseStarted = true
        let framing: ResponseBodyFraming
        if request.method.isHEAD || status == 204 || status == 304 {
            framing = .empty
        } else if let contentLength = head.contentLength {
            framing = .length(contentLength)
        } else {
            framing = .stream
        }
        sink.sendHead(status: HTTPResponseStatus(statusCode: status), fields: consume fields, framing: framing)
    }

    func originResponseBody(_ buffer: ByteBuffer) {
        guard responseStarted, !finished else { return }
        log.bytesOut += buffer.readableBytes
        sink.sendBody(buffer)
        if !sink.isWritable { sink.flushBody() }
    }

    func originReadComplete() {
        if responseStarted && !finished && errorPage == nil { sink.flushBody() }
    }

    func originResponseEnd() {
        guard responseStarted else { return }  // a failed-over response ends here too
        connection = nil
        finish()
    }

    func originDidFail(_ error: EdgeError, receivedAnything: Bool) {
        let wasReused = connection?.reused ?? false
        connection = nil
        if finished { return }
        if !receivedAnything && wasReused && !retriedFresh && !request.hasBody {
            // A keep-alive connection the origin had already closed: retry once on a fresh one.
            retriedFresh = true
            return connect(fresh: true)
        }
        if !responseStarted && !receivedAnything && failoverAllowed && candidateIndex + 1 < candidates.count {
            log.error = error.description
            candidateIndex += 1
            return tryCandidate()
        }
        failToProxy(error)
    }

    var wantsMoreResponseBody: Bool { sink.isWritable }

    func originBecameWritable() {
        sink.resumeRequestBody()
    }

    // MARK: - customErrorResponses

    /// Hands the response over to the distribution's error page for `status`, when one is configured:
    /// an internal GET (HEAD for HEAD) of `responsePagePath` through this distribution's behaviors,
    /// served with `responseCode`. Returns false when no page applies.
    private func divertToErrorPage(status: Int) -> Bool {
        guard !isErrorPageRequest, !responseStarted, !finished, let plan,
            let custom = plan.distribution.customErrorResponses.first(where: { $0.errorCode == status }),
            let pagePath = custom.responsePagePath
        else { return false }
        var headers = HTTPHeaders()
        headers.add(name: "host", value: request.host)
        if let agent = request.headers.first(name: "user-agent") { headers.add(name: "user-agent", value: agent) }
        let pageRequest = ViewerRequest(
            method: request.method.isHEAD ? .HEAD : .GET, target: pagePath, host: request.host, headers: headers,
            protocolName: request.protocolName, isHTTPS: request.isHTTPS, clientAddress: request.clientAddress,
            serverName: request.serverName, contentLength: nil, hasBody: false, requestId: request.requestId,
            summary: RequestHeaderSummary(headers))
        responseStarted = true
        log.error = (log.error.map { $0 + "; " } ?? "") + "status \(status): serving custom error page \(pagePath)"
        let pageSink = ErrorPageSink(inner: sink, responseCode: custom.responseCode ?? status, originalStatus: status) {
            [self] finalStatus, bytes, close in
            self.log.status = finalStatus
            self.log.bytesOut += bytes
            self.errorPage = nil
            if close { self.closeAfterResponse = true }
            self.finish()
        }
        let page = RequestExchange(
            sink: pageSink, state: state, request: pageRequest, server: server, isErrorPageRequest: true)
        errorPage = page
        page.start()
        return true
    }

    // MARK: - Directory origin

    /// Plans the directory response and sends it: small files and short answers inline (one `pread`,
    /// no extra objects), larger files streamed by a ``DirectoryFileSender``.
    private func serveDirectory(_ resolver: DirectoryPathResolver) {
        let plan = DirectoryResponsePlanner.plan(
            method: request.method.rawValue, resolution: resolver.resolve(urlPath: request.path),
            headers: request.summary.directory)
        if plan.status >= 400 && divertToErrorPage(status: plan.status) { return }
        var inlineBody: ByteBuffer?
        if case .file(let path, let offset, let length) = plan.body, length <= DirectoryFileSender.inlineReadLimit,
            length > 0
        {
            guard let body = DirectoryFileSender.readSmallFile(path: path, offset: offset, length: Int(length)) else {
                // Resolved a moment ago, unreadable now (removed or replaced): as if it were missing.
                return respondLocally(.notFound, "404 Not Found\n")
            }
            inlineBody = body
        }
        var headers = HTTPHeaders()
        headers.reserveCapacity(plan.headers.count + 6)
        for (name, value) in plan.headers { headers.add(name: name, value: value) }
        addResponseDecorations(&headers)
        log.status = plan.status
        responseStarted = true
        let status = HTTPResponseStatus(statusCode: plan.status)
        switch plan.body {
        case .none:
            sink.sendHead(status: status, headers: headers, framing: .empty)
            finish()
        case .text(let text):
            let buffer = ByteBuffer(string: text)
            headers.replaceOrAdd(name: "content-type", value: "text/plain; charset=utf-8")
            sink.sendHead(status: status, headers: headers, framing: .length(buffer.readableBytes))
            sink.sendBody(buffer)
            log.bytesOut += buffer.readableBytes
            finish()
        case .file(let path, let offset, let length):
            sink.sendHead(status: status, headers: headers, framing: .length(Int(length)))
            if length == 0 {
                return finish()
            }
            if let inlineBody {
                sink.sendBody(inlineBody)
                log.bytesOut += inlineBody.readableBytes
                return finish()
            }
            let sender = DirectoryFileSender(
                path: path, offset: offset, length: length, sink: sink, fileIO: server.fileIO)
            directorySender = sender
            sender.start { bytes in
                self.log.bytesOut += bytes
            } onEnd: { error in
                self.directorySender = nil
                if let error {
                    self.log.error = error
                    if !self.finished {
                        self.finished = true
                        self.writeLog()
                    }
                    self.sink.abort()
                } else {
                    self.finish()
                }
            }
        }
    }
}
