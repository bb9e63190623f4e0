import EdgeDNS

/// A CIDR prefix of the client-network table: an address with no bits set past `length`.
public struct ClientNetworkPrefix: Sendable, Hashable, CustomStringConvertible {
    /// The network address.
    public var address: ClientAddress
    /// The prefix length (0…32 for IPv4, 0…128 for IPv6).
    public var length: Int

    /// Parses `address/length`; a bare address is a host route (/32 or /128).
    /// - Returns: nil if malformed or if bits are set past the length.
    public init?(_ text: String) {
        guard case .success(let prefix) = Self.parse(text) else { return nil }
        self = prefix
    }

    private init(address: ClientAddress, length: Int) {
        self.address = address
        self.length = length
    }

    /// `10.1.0.0/16`.
    public var description: String { "\(address)/\(length)" }

    static func parse(_ text: String) -> Result<ClientNetworkPrefix, PolicyProblemMessage> {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let host = String(parts[0])
        let length: Int?
        if parts.count == 2 {
            guard parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(parts[1]) else {
                return .failure("bad prefix length in cidr '\(text)'")
            }
            length = value
        } else {
            length = nil
        }
        if host.contains(":") {
            guard let address = IPv6Address(host) else { return .failure("bad IPv6 address in cidr '\(text)'") }
            let bits = length ?? 128
            guard bits <= 128 else { return .failure("prefix length \(bits) is longer than 128 in '\(text)'") }
            var masked = address.bytes
            for index in 0..<16 {
                let keep = max(0, min(8, bits - index * 8))
                masked[index] &= keep == 0 ? 0 : UInt8(0xFF << (8 - keep) & 0xFF)
            }
            guard masked == address.bytes, let network = IPv6Address(bytes: masked) else {
                let suggestion = IPv6Address(bytes: masked).map { " (\($0)/\(bits)?)" } ?? ""
                return .failure("cidr '\(text)' has bits set past /\(bits)\(suggestion)")
            }
            return .success(ClientNetworkPrefix(address: .v6(network), length: bits))
        }
        guard let address = IPv4Address(host) else { return .failure("bad IPv4 address in cidr '\(text)'") }
        let bits = length ?? 32
        guard bits <= 32 else { return .failure("prefix length \(bits) is longer than 32 in '\(text)'") }
        let mask: UInt32 = bits == 0 ? 0 : UInt32.max << (32 - bits)
        guard address.value & mask == address.value else {
            return .failure("cidr '\(text)' has bits set past /\(bits) (\(IPv4Address(address.value & mask))/\(bits)?)")
        }
        return .success(ClientNetworkPrefix(address: .v4(address), length: bits))
    }
}
