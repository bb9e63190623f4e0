import EdgeCore
import EdgeRouting
import NIOCore

extension ServerContext {
    /// The hit path's lookup, shared by HTTP/1.1 and HTTP/2: the hot route and fresh cache entry for a
    /// GET/HEAD of `target` on `host`, or nil when the request must take the full path (no hot route,
    /// a query string, an over-long target, plain HTTP where the viewer policy wants HTTPS, a file that
    /// is not a cacheable 200). The caller has already checked method, body and request headers.
    func hotEntry(
        state: RuntimeState, host: String, target: String, isHTTPS: Bool, now: Double, on eventLoop: any EventLoop,
        routed: inout RoutedBehavior?
    ) -> (HotRoute, DirectoryHotCache.Entry)? {
        guard !host.isEmpty, state.hasHotRoutes, target.utf8.first == UInt8(ascii: "/"),
            target.utf8.count <= state.limits.maxURLBytes, !Self.hasQuery(target),
            let found = state.routed(host: host, target: target)
        else { return nil }
        routed = found  // a miss hands the route on, so the exchange does not look it up again
        guard let hot = found.plan.hot, isHTTPS || hot.servesPlainHTTP,
            let entry = hotCache(for: eventLoop).entry(
                originId: hot.originId, resolver: hot.resolver, path: target, state: state, now: Int(now))
        else { return nil }
        return (hot, entry)
    }
}

extension ServerContext {
    /// The access-log line of a hit-path answer (always 200), when the access log is on.
    func logHotHit(
        state: RuntimeState, start: Double, hot: HotRoute, requestId: String, clientAddress: String,
        serverName: String?, host: String, method: String, path: String, protocolName: String, bytesOut: Int
    ) {
        guard state.accessLogEnabled else { return }
        var log = AccessLogRecord(
            start: start, requestId: requestId, clientAddress: clientAddress, serverName: serverName, host: host,
            method: method, path: String(path.prefix(2048)), protocolName: protocolName)
        log.status = 200
        log.bytesOut = bytesOut
        log.distribution = hot.distributionId
        log.behavior = hot.pathPattern
        log.origin = hot.originId
        accessLog.info("\(log.jsonLine(now: clock.now()))")
    }
}

extension ServerContext {
    /// Whether a request target has a query (`memchr` over its bytes; `utf8.contains` went byte by byte
    /// through the string view).
    static func hasQuery(_ target: String) -> Bool {
        var target = target
        return target.withUTF8 { UnsafeRawBufferPointer($0).index(of: UInt8(ascii: "?"), from: 0, to: $0.count) != nil }
    }
}
