import Foundation

/// An IPv4 address, as carried by A records and SVCB `ipv4hint`.
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    /// The address in host byte order (`1.2.3.4` is `0x01020304`).
    public var value: UInt32

    /// Creates an address from its 32-bit value.
    public init(_ value: UInt32) { self.value = value }

    /// Creates an address from four bytes in network order; nil unless exactly four.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Parses dotted-quad text (`192.0.2.1`); nil if malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let octet = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    /// The four bytes in network order.
    public var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// Dotted-quad text.
    public var description: String { bytes.map(String.init).joined(separator: ".") }
}

/// An IPv6 address, as carried by AAAA records and SVCB `ipv6hint`.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    /// The sixteen bytes in network order.
    public private(set) var bytes: [UInt8]

    /// Creates an address from sixteen bytes; nil unless exactly sixteen.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses RFC 4291 text (`2001:db8::1`, `::ffff:192.0.2.1`); nil if malformed.
    public init?(_ text: String) {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        var groups: [UInt16] = []
        var tail = Substring(text)
        var ipv4: IPv4Address?
        if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains(".") {
            guard let address = IPv4Address(String(text[text.index(after: lastColon)...])) else { return nil }
            ipv4 = address
            tail = text[...lastColon]
            if tail.hasSuffix(":") && !tail.hasSuffix("::") { tail = tail.dropLast() }
        }
        let halves = tail.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = parseGroups(halves[0]) else { return nil }
        let extra = ipv4 == nil ? 0 : 2
        if halves.count == 2 {
            guard let rest = parseGroups(halves[1]), head.count + rest.count + extra <= 7 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - extra - head.count - rest.count) + rest
        } else {
            guard head.count + extra == 8 else { return nil }
            groups = head
        }
        if let ipv4 { groups += [UInt16(ipv4.value >> 16), UInt16(ipv4.value & 0xFFFF)] }
        bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// RFC 5952 text: lower-case hex, the longest run of two or more zero groups as `::`.
    public var description: String {
        let groups = (0..<8).map { UInt16(bytes[$0 * 2]) << 8 | UInt16(bytes[$0 * 2 + 1]) }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        func text(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else { return text(0..<8) }
        return text(0..<bestStart) + "::" + text((bestStart + bestLength)..<8)
    }
}
