/// Parses `dns.listeners` entries: `host:port`, or `[v6]:port` for IPv6.
public enum DNSListenAddress {
    /// A listener that cannot be parsed or bound.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// The listener as configured.
        public var listener: String
        /// Creates an error.
        public init(listener: String) { self.listener = listener }
        /// A one-line message.
        public var description: String { "bad DNS listener '\(listener)': expected host:port or [v6]:port" }
    }

    /// Splits a listener into host and port.
    /// - Throws: `DNSListenAddress.Error` if there is no port or it is not 0…65535.
    public static func parse(_ listener: String) throws(Error) -> (host: String, port: Int) {
        guard let colon = listener.lastIndex(of: ":") else { throw Error(listener: listener) }
        var host = String(listener[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(listener[listener.index(after: colon)...]), (0...65535).contains(port)
        else { throw Error(listener: listener) }
        return (host, port)
    }
}
