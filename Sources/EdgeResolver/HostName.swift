import EdgeDNS

/// A host name checked for use in a DNS query, with the key it is cached and collapsed under.
///
/// ```swift
/// let name = try HostName("API.Example.COM.")
/// name.key       // "api.example.com"
/// name.dnsName   // api.example.com. (case kept: API.Example.COM.)
/// ```
public struct HostName: Sendable, Hashable {
    /// The name as given, for messages.
    public let text: String
    /// The name lower-cased (ASCII) without a trailing dot: the cache and collapsing key.
    public let key: String
    /// The absolute DNS name queried.
    public let dnsName: DNSName

    /// Checks a host name: non-empty, printable ASCII without blanks, backslashes or colons, at most
    /// 63 bytes per label and 255 bytes in all.
    /// - Throws: `ResolverError.invalidName`.
    public init(_ text: String) throws(ResolverError) {
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        guard !trimmed.isEmpty,
            trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: ":") })
        else { throw .invalidName(text) }
        guard let name = try? DNSName(trimmed + ".") else { throw .invalidName(text) }
        self.text = text
        self.key = Self.normalize(text)
        self.dnsName = name
    }

    /// `text` with ASCII letters lower-cased and one trailing dot removed: how names are compared.
    public static func normalize(_ text: String) -> String {
        let trimmed = text.hasSuffix(".") ? text.dropLast() : Substring(text)
        return String(decoding: trimmed.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
