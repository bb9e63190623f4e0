import EdgeDNS

extension ResolvedHost {
    /// The host as an address literal: `192.0.2.1`, `2001:db8::1` or `[2001:db8::1]`; nil if it is not
    /// one. A literal never expires (`expires` is `.infinity`) and its source is `.literal`.
    public init?(literal host: String) {
        if let ipv4 = IPv4Address(host) {
            self.init(ipv4: [ipv4], expires: .infinity, source: .literal)
            return
        }
        var text = Substring(host)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard text.contains(":"), let ipv6 = IPv6Address(String(text)) else { return nil }
        self.init(ipv4: [], ipv6: [ipv6], expires: .infinity, source: .literal)
    }
}
