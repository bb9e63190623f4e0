import NIOCore

/// Where the origin pool gets the addresses of an origin named by a host name (the edge's own
/// resolver: served zones with their routing policies and health, then the system's nameservers with
/// TTL caching). Address literals never reach it.
public protocol OriginAddressResolver: Sendable {
    /// The addresses to connect to for `host`, preferred first, never empty on success.
    /// - Returns: a future on `eventLoop`, failed with an `EdgeError` of kind `.dnsFailure` when the
    ///   name cannot be resolved.
    func addresses(forHost host: String, port: Int, on eventLoop: any EventLoop) -> EventLoopFuture<[SocketAddress]>

    /// The addresses for `host` when they are cached and current, without waiting; nil otherwise.
    func cachedAddresses(forHost host: String, port: Int) -> [SocketAddress]?
}

extension OriginAddressResolver {
    /// No synchronous answers unless a resolver keeps a cache.
    public func cachedAddresses(forHost host: String, port: Int) -> [SocketAddress]? { nil }
}
