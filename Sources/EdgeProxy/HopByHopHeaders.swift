import EdgeCore

/// Hop-by-hop header handling (RFC 9110 §7.6.1): headers that describe one connection and must not
/// be forwarded, plus any header the message names in its own `Connection` field.
public struct HopByHopHeaders: Sendable {
    /// Always hop-by-hop, lowercased.
    public static let standard: Set<String> = [
        "connection", "proxy-connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
        "proxy-authenticate", "proxy-authorization",
    ]

    /// Lowercased names listed in the message's `Connection` header(s).
    public private(set) var nominated: Set<String> = []

    /// Builds the set from every value of the message's `Connection` header.
    /// - Parameter connectionValues: each `Connection` header value, as sent.
    public init<S: Sequence>(connectionValues: S) where S.Element == String {
        for value in connectionValues {
            for token in value.split(separator: ",") {
                let name = token.trimmingASCIISpaces().lowercased()
                if !name.isEmpty { nominated.insert(name) }
            }
        }
    }

    /// Whether a header must be dropped when forwarding.
    /// - Parameter name: header name in any case.
    public func isHopByHop(_ name: String) -> Bool {
        if Self.isStandard(name) { return true }
        return !nominated.isEmpty && nominated.contains(name.lowercased())
    }

    /// Whether `name` is one of `standard`, compared byte-wise without allocating (runs per header).
    public static func isStandard(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { isStandard(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the field name `bytes` is one of `standard`, ignoring ASCII case.
    public static func isStandard(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch bytes.count {
        case 2: return bytes.equalsLowercase("te")
        case 7: return bytes.equalsLowercase("trailer") || bytes.equalsLowercase("upgrade")
        case 10: return bytes.equalsLowercase("connection") || bytes.equalsLowercase("keep-alive")
        case 16: return bytes.equalsLowercase("proxy-connection")
        case 17: return bytes.equalsLowercase("transfer-encoding")
        case 18: return bytes.equalsLowercase("proxy-authenticate")
        case 19: return bytes.equalsLowercase("proxy-authorization")
        default: return false
        }
    }

    /// Whether the `Connection` tokens ask to close the connection.
    public var requestsClose: Bool { nominated.contains("close") }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
