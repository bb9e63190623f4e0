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
    static func isStandard(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            switch bytes.count {
            case 2: return equals(bytes, "te")
            case 7: return equals(bytes, "trailer") || equals(bytes, "upgrade")
            case 10: return equals(bytes, "connection") || equals(bytes, "keep-alive")
            case 16: return equals(bytes, "proxy-connection")
            case 17: return equals(bytes, "transfer-encoding")
            case 18: return equals(bytes, "proxy-authenticate")
            case 19: return equals(bytes, "proxy-authorization")
            default: return false
            }
        }
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { expected in
            guard expected.count == bytes.count else { return false }
            for i in 0..<bytes.count {
                var b = bytes[i]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if b != expected[i] { return false }
            }
            return true
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
