import NIOCore

extension ServerContext {
    /// The hit path's lookup, shared by HTTP/1.1 and HTTP/2: the hot route and fresh cache entry for a
    /// GET/HEAD of `target` on `host`, or nil when the request must take the full path (no hot route,
    /// a query string, an over-long target, plain HTTP where the viewer policy wants HTTPS, a file that
    /// is not a cacheable 200). The caller has already checked method, body and request headers.
    func hotEntry(
        state: RuntimeState, host: String, target: String, isHTTPS: Bool, on eventLoop: any EventLoop
    ) -> (HotRoute, DirectoryHotCache.Entry)? {
        guard !host.isEmpty, !state.hotRoutes.isEmpty, target.utf8.first == UInt8(ascii: "/"),
            target.utf8.count <= state.limits.maxURLBytes, !target.utf8.contains(UInt8(ascii: "?")),
            let route = state.routes.route(host: host[...], path: target[...]),
            let hot = state.hotRoutes[route.behaviorIdentity], isHTTPS || hot.servesPlainHTTP,
            let entry = hotCache(for: eventLoop).entry(
                originId: hot.originId, resolver: hot.resolver, path: target, state: state, now: Int(clock.now()))
        else { return nil }
        return (hot, entry)
    }
}
