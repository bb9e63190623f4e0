/// Syntax checks for host names, addresses and origin URLs used by validation.
enum HostSyntax {
    /// A DNS host name: dot-separated labels of letters, digits and `-` (not at either end), 1–63
    /// characters each, 253 in all, no trailing dot, last label not all digits (`256.0.0.1` is neither a
    /// name nor an address). Single-label names (`localhost`) are allowed.
    static func isHostName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if let last = labels.last, last.allSatisfy(\.isASCIINumber) { return false }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// A host name, or a host name after a single leading `*.` (`*.example.test`).
    static func isHostNameOrWildcard(_ name: String) -> Bool {
        if name.hasPrefix("*.") { return isHostName(String(name.dropFirst(2))) }
        return isHostName(name)
    }

    /// Dotted-quad IPv4, each part 0–255 without leading zeros.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy(\.isASCIINumber), let value = Int(part) else {
                    return false
                }
                return value <= 255 && (part.count == 1 || part.first != "0")
            }
    }

    /// A plausible IPv6 address: hex groups separated by `:` (at most one `::`), optionally ending in an
    /// IPv4 address.
    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.components(separatedBy: "::").count <= 2 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        var maxGroups = 8
        if let last = groups.last, last.contains(".") {
            guard isIPv4(last) else { return false }
            groups.removeLast()
            maxGroups = 6
        }
        guard groups.count <= maxGroups, text.contains("::") || groups.count == maxGroups else { return false }
        return groups.allSatisfy { group in (1...4).contains(group.count) && group.allSatisfy(\.isHexDigit) }
    }

    /// `host:port` or `[v6]:port` split into host (without brackets) and port 0–65535; nil if malformed.
    static func hostAndPort(_ address: String) -> (host: String, port: Int)? {
        let host: String
        let portText: Substring
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else { return nil }
            host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":"), isIPv6(host) else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = address.lastIndex(of: ":") else { return nil }
            host = String(address[..<colon])
            portText = address[address.index(after: colon)...]
            guard isIPv4(host) || isHostName(host) else { return nil }
        }
        guard (1...5).contains(portText.count), portText.allSatisfy(\.isASCIINumber), let port = Int(portText),
            port <= 65535
        else { return nil }
        return (host, port)
    }

    /// A parsed `http://host[:port][/path]` origin URL.
    struct HTTPURL: Equatable {
        /// Host name or address (IPv6 without brackets).
        var host: String
        /// Port; 80 when not written.
        var port: Int
        /// Base path, `""` when not written.
        var path: String
    }

    /// Parses an origin URL, or explains what is wrong with it.
    static func httpURL(_ text: String) -> Result<HTTPURL, URLProblem> {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") { return .failure(.httpsNotSupported) }
        guard lowered.hasPrefix("http://") else { return .failure(.malformed("it must start with http://")) }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        let path = String(rest[slash...])
        if authority.contains("@") { return .failure(.malformed("credentials in the URL are not supported")) }
        if path.contains("?") || path.contains("#") || authority.contains("?") || authority.contains("#") {
            return .failure(.malformed("a query or fragment is not allowed"))
        }
        if path.contains(" ") { return .failure(.malformed("spaces are not allowed in the path")) }
        if let parsed = hostAndPort(authority) {
            guard parsed.port >= 1 else { return .failure(.malformed("port must be 1–65535")) }
            return .success(HTTPURL(host: parsed.host, port: parsed.port, path: path))
        }
        let bare =
            authority.hasPrefix("[") && authority.hasSuffix("]") ? String(authority.dropFirst().dropLast()) : authority
        if authority.hasPrefix("[") ? isIPv6(bare) : (isIPv4(bare) || isHostName(bare)) {
            return .success(HTTPURL(host: bare, port: 80, path: path))
        }
        return .failure(.malformed("'\(authority)' is not a valid host[:port]"))
    }

    /// Why an origin URL is refused.
    enum URLProblem: Error, Equatable {
        /// `https://` origins come with a later issue.
        case httpsNotSupported
        /// Anything else, with the reason.
        case malformed(String)
    }
}

extension Character {
    /// `0`–`9` only (not other Unicode digits).
    fileprivate var isASCIINumber: Bool {
        isASCII && isNumber
    }
}
