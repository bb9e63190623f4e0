import EdgeConfig
import NIOCore

/// Where an `http` origin lives, parsed once from its configured URL.
public struct HTTPOriginEndpoint: Sendable, Hashable {
    /// Host name or IP literal (without brackets).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Path prefix prepended to every forwarded path (CloudFront's origin path); empty or `/x/y` without
    /// a trailing slash.
    public var basePath: String
    /// `Host` header value sent to the origin (`host` or `host:port`).
    public var hostHeader: String
    /// Whether `host` is an IPv4 or IPv6 literal (no resolution needed).
    public var isAddressLiteral: Bool

    /// Creates an endpoint.
    public init(host: String, port: Int, basePath: String = "") {
        self.host = host
        self.port = port
        self.basePath = basePath
        let bracketed = host.contains(":") ? "[\(host)]" : host
        self.hostHeader = port == 80 ? bracketed : "\(bracketed):\(port)"
        self.isAddressLiteral = (try? SocketAddress(ipAddress: host, port: port)) != nil
    }

    /// Parses `http://host[:port][/base/path]`; nil when the URL is not of that form.
    public init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = Substring(url.dropFirst("http://".count))
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        while path.hasSuffix("/") { path.removeLast() }
        var host: Substring
        var port = 80
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { return nil }
                port = p
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = p
        } else {
            host = rest
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        self.init(host: String(host), port: port, basePath: path)
    }
}
