/// One SvcParam of an SVCB or HTTPS record (RFC 9460 §7). Keys without a typed case are kept as
/// `generic` and print as `keyNNNNN`.
public enum SVCParameter: Hashable, Sendable {
    /// Keys the client must understand (key 0).
    case mandatory([UInt16])
    /// Application protocol IDs, e.g. `h2`, `h3` (key 1).
    case alpn([[UInt8]])
    /// The default ALPN is not supported (key 2).
    case noDefaultALPN
    /// An alternative port (key 3).
    case port(UInt16)
    /// IPv4 address hints (key 4).
    case ipv4Hint([IPv4Address])
    /// An Encrypted ClientHello configuration list (key 5), base64 in presentation form.
    case ech([UInt8])
    /// IPv6 address hints (key 6).
    case ipv6Hint([IPv6Address])
    /// Any other key with its raw value.
    case generic(key: UInt16, value: [UInt8])

    /// The numeric key.
    public var key: UInt16 {
        switch self {
        case .mandatory: 0
        case .alpn: 1
        case .noDefaultALPN: 2
        case .port: 3
        case .ipv4Hint: 4
        case .ech: 5
        case .ipv6Hint: 6
        case .generic(let key, _): key
        }
    }

    static let keyNames = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"]

    /// The presentation name of a key: a mnemonic for keys 0–6, else `keyNNNNN`.
    public static func keyName(_ key: UInt16) -> String {
        key < keyNames.count ? keyNames[Int(key)] : "key\(key)"
    }

    /// The key for a presentation name; nil if unknown. Key 65535 is reserved.
    public static func key(named name: String) -> UInt16? {
        let lower = name.lowercased()
        if let index = keyNames.firstIndex(of: lower) { return UInt16(index) }
        guard lower.hasPrefix("key"), lower.count > 3, lower.count <= 8,
            lower.dropFirst(3).allSatisfy({ $0.isASCII && $0.isNumber }),
            let key = UInt16(lower.dropFirst(3)), key != 65535
        else { return nil }
        return key
    }

    /// The value in wire form.
    var wireValue: [UInt8] {
        switch self {
        case .mandatory(let keys): keys.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .alpn(let ids): ids.flatMap { [UInt8($0.count)] + $0 }
        case .noDefaultALPN: []
        case .port(let port): [UInt8(port >> 8), UInt8(port & 0xFF)]
        case .ipv4Hint(let addresses): addresses.flatMap(\.bytes)
        case .ech(let config): config
        case .ipv6Hint(let addresses): addresses.flatMap(\.bytes)
        case .generic(_, let value): value
        }
    }

    /// Decodes a value in wire form.
    /// - Throws: a reason when the value is malformed for its key.
    static func decode(key: UInt16, value: [UInt8]) throws(DNSTextError) -> SVCParameter {
        func pairs() -> [UInt16] {
            stride(from: 0, to: value.count, by: 2).map { UInt16(value[$0]) << 8 | UInt16(value[$0 + 1]) }
        }
        switch key {
        case 0:
            guard !value.isEmpty, value.count % 2 == 0 else { throw bad("mandatory length \(value.count)") }
            let keys = pairs()
            guard zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }), !keys.contains(0) else {
                throw bad("mandatory keys must increase and exclude 'mandatory'")
            }
            return .mandatory(keys)
        case 1:
            var ids: [[UInt8]] = []
            var index = 0
            while index < value.count {
                let length = Int(value[index])
                guard length > 0, index + length < value.count else { throw bad("bad alpn list") }
                ids.append(Array(value[index + 1...index + length]))
                index += 1 + length
            }
            guard !ids.isEmpty else { throw bad("empty alpn list") }
            return .alpn(ids)
        case 2:
            guard value.isEmpty else { throw bad("no-default-alpn takes no value") }
            return .noDefaultALPN
        case 3:
            guard value.count == 2 else { throw bad("port length \(value.count)") }
            return .port(pairs()[0])
        case 4:
            guard !value.isEmpty, value.count % 4 == 0 else { throw bad("ipv4hint length \(value.count)") }
            return .ipv4Hint(
                stride(from: 0, to: value.count, by: 4).map { IPv4Address(bytes: Array(value[$0..<$0 + 4]))! })
        case 5:
            return .ech(value)
        case 6:
            guard !value.isEmpty, value.count % 16 == 0 else { throw bad("ipv6hint length \(value.count)") }
            return .ipv6Hint(
                stride(from: 0, to: value.count, by: 16).map { IPv6Address(bytes: Array(value[$0..<$0 + 16]))! })
        default:
            return .generic(key: key, value: value)
        }
    }

    private static func bad(_ message: String) -> DNSTextError { DNSTextError(.badRData, message) }

    /// Parses `key` or `key=value` where `raw` is the value with escapes still in place (quotes removed).
    static func parse(keyName: String, raw: [UInt8]?) throws(DNSTextError) -> SVCParameter {
        guard let key = key(named: keyName) else { throw bad("unknown SvcParam key '\(keyName)'") }
        func items() throws(DNSTextError) -> [[UInt8]] {
            guard let raw, !raw.isEmpty else { throw bad("\(keyName) needs a value") }
            var result: [[UInt8]] = []
            var current: [UInt8] = []
            var index = 0
            while index < raw.count {
                if raw[index] == UInt8(ascii: "\\") {
                    let (byte, next) = try PresentationText.unescape(raw, at: index)
                    current.append(byte)
                    index = next
                } else if raw[index] == UInt8(ascii: ",") {
                    result.append(current)
                    current = []
                    index += 1
                } else {
                    current.append(raw[index])
                    index += 1
                }
            }
            result.append(current)
            guard result.allSatisfy({ !$0.isEmpty }) else { throw bad("empty item in \(keyName) list") }
            return result
        }
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        switch key {
        case 0:
            var keys: [UInt16] = []
            for item in try items() {
                guard let key = Self.key(named: text(item)) else {
                    throw bad("unknown key '\(text(item))' in mandatory")
                }
                keys.append(key)
            }
            keys.sort()
            guard Set(keys).count == keys.count, !keys.contains(0) else {
                throw bad("mandatory repeats a key or lists 'mandatory'")
            }
            return .mandatory(keys)
        case 1:
            let ids = try items()
            guard ids.allSatisfy({ $0.count <= 255 }) else { throw bad("alpn id longer than 255 bytes") }
            return .alpn(ids)
        case 2:
            guard raw == nil || raw == [] else { throw bad("no-default-alpn takes no value") }
            return .noDefaultALPN
        case 3:
            guard let raw else { throw bad("port needs a value") }
            return .port(UInt16(try PresentationText.number(raw, max: 65535, what: "port")))
        case 4:
            var addresses: [IPv4Address] = []
            for item in try items() {
                guard let address = IPv4Address(text(item)) else {
                    throw DNSTextError(.badAddress, "bad ipv4hint '\(text(item))'")
                }
                addresses.append(address)
            }
            return .ipv4Hint(addresses)
        case 5:
            guard let raw, !raw.isEmpty else { throw bad("ech needs a value") }
            return .ech(try PresentationText.unbase64(raw))
        case 6:
            var addresses: [IPv6Address] = []
            for item in try items() {
                guard let address = IPv6Address(text(item)) else {
                    throw DNSTextError(.badAddress, "bad ipv6hint '\(text(item))'")
                }
                addresses.append(address)
            }
            return .ipv6Hint(addresses)
        default:
            guard let raw else { return .generic(key: key, value: []) }
            let value = try PresentationText.unescapeAll(raw)
            guard value.count <= 65535 else { throw bad("value too long") }
            return .generic(key: key, value: value)
        }
    }

    /// `key=value` (or just `key`) in presentation form.
    public var presentation: String {
        let name = Self.keyName(key)
        switch self {
        case .mandatory(let keys): return "\(name)=" + keys.map(Self.keyName).joined(separator: ",")
        case .alpn(let ids):
            var out: [UInt8] = []
            for (index, id) in ids.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                for byte in id {
                    if byte == UInt8(ascii: ",") { out.append(UInt8(ascii: "\\")) }
                    PresentationText.appendEscaped(byte, to: &out, inName: false)
                }
            }
            return "\(name)=\"" + String(decoding: out, as: UTF8.self) + "\""
        case .noDefaultALPN: return name
        case .port(let port): return "\(name)=\(port)"
        case .ipv4Hint(let addresses): return "\(name)=" + addresses.map(\.description).joined(separator: ",")
        case .ech(let config): return "\(name)=" + PresentationText.base64(config)
        case .ipv6Hint(let addresses): return "\(name)=" + addresses.map(\.description).joined(separator: ",")
        case .generic(_, let value): return value.isEmpty ? name : "\(name)=" + PresentationText.quoted(value)
        }
    }
}
