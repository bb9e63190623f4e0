/// A resource record type (RFC 1035 TYPE). Known types have a mnemonic; any other prints and parses
/// as `TYPEnnn` (RFC 3597).
public struct RecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit type code.
    public var rawValue: UInt16

    /// Creates a type from its code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// IPv4 address.
    public static let a = RecordType(rawValue: 1)
    /// Authoritative name server.
    public static let ns = RecordType(rawValue: 2)
    /// Canonical name (alias).
    public static let cname = RecordType(rawValue: 5)
    /// Start of authority.
    public static let soa = RecordType(rawValue: 6)
    /// Domain name pointer.
    public static let ptr = RecordType(rawValue: 12)
    /// Mail exchange.
    public static let mx = RecordType(rawValue: 15)
    /// Text strings.
    public static let txt = RecordType(rawValue: 16)
    /// IPv6 address.
    public static let aaaa = RecordType(rawValue: 28)
    /// Service location (RFC 2782).
    public static let srv = RecordType(rawValue: 33)
    /// Naming authority pointer (RFC 3403).
    public static let naptr = RecordType(rawValue: 35)
    /// Delegation signer (RFC 4034).
    public static let ds = RecordType(rawValue: 43)
    /// RRSIG (carried as opaque data).
    public static let rrsig = RecordType(rawValue: 46)
    /// NSEC (carried as opaque data).
    public static let nsec = RecordType(rawValue: 47)
    /// EDNS(0) OPT pseudo-record (RFC 6891); only in messages, never in zones.
    public static let opt = RecordType(rawValue: 41)
    /// Service binding (RFC 9460).
    public static let svcb = RecordType(rawValue: 64)
    /// HTTPS service binding (RFC 9460).
    public static let https = RecordType(rawValue: 65)
    /// Zone transfer (question only).
    public static let axfr = RecordType(rawValue: 252)
    /// Any type (question only).
    public static let any = RecordType(rawValue: 255)
    /// Certification authority authorization (RFC 8659).
    public static let caa = RecordType(rawValue: 257)

    static let mnemonics: [(RecordType, String)] = [
        (.a, "A"), (.ns, "NS"), (.cname, "CNAME"), (.soa, "SOA"), (.ptr, "PTR"), (.mx, "MX"), (.txt, "TXT"),
        (.aaaa, "AAAA"), (.srv, "SRV"), (.naptr, "NAPTR"), (.ds, "DS"), (.rrsig, "RRSIG"), (.nsec, "NSEC"),
        (.opt, "OPT"), (.svcb, "SVCB"), (.https, "HTTPS"), (.axfr, "AXFR"), (.any, "ANY"), (.caa, "CAA"),
    ]

    /// Parses a mnemonic (case-insensitive) or `TYPEnnn`; nil if neither.
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if let known = Self.mnemonics.first(where: { $0.1 == upper }) {
            self = known.0
            return
        }
        guard upper.hasPrefix("TYPE"), let code = UInt16(upper.dropFirst(4)), upper.count > 4,
            upper.dropFirst(4).allSatisfy(\.isNumber)
        else { return nil }
        self.rawValue = code
    }

    /// The mnemonic, or `TYPEnnn` for a type without one.
    public var description: String {
        Self.mnemonics.first(where: { $0.0 == self })?.1 ?? "TYPE\(rawValue)"
    }
}

/// A resource record class. Zones served by Edge are class IN.
public struct RecordClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit class code.
    public var rawValue: UInt16

    /// Creates a class from its code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The Internet.
    public static let `in` = RecordClass(rawValue: 1)
    /// Chaos (used for `version.bind`-style queries).
    public static let ch = RecordClass(rawValue: 3)
    /// Hesiod.
    public static let hs = RecordClass(rawValue: 4)
    /// NONE (dynamic update).
    public static let none = RecordClass(rawValue: 254)
    /// ANY (question only).
    public static let any = RecordClass(rawValue: 255)

    static let mnemonics: [(RecordClass, String)] = [
        (.in, "IN"), (.ch, "CH"), (.hs, "HS"), (.none, "NONE"), (.any, "ANY"),
    ]

    /// Parses a mnemonic (case-insensitive, `CHAOS` accepted) or `CLASSnnn`; nil if neither.
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if upper == "CHAOS" {
            self = .ch
            return
        }
        if let known = Self.mnemonics.first(where: { $0.1 == upper }) {
            self = known.0
            return
        }
        guard upper.hasPrefix("CLASS"), upper.count > 5, upper.dropFirst(5).allSatisfy(\.isNumber),
            let code = UInt16(upper.dropFirst(5))
        else { return nil }
        self.rawValue = code
    }

    /// The mnemonic, or `CLASSnnn`.
    public var description: String {
        Self.mnemonics.first(where: { $0.0 == self })?.1 ?? "CLASS\(rawValue)"
    }
}
