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
    /// Host information (RFC 1035).
    public static let hinfo = RecordType(rawValue: 13)
    /// Mail exchange.
    public static let mx = RecordType(rawValue: 15)
    /// Text strings.
    public static let txt = RecordType(rawValue: 16)
    /// Responsible person (RFC 1183).
    public static let rp = RecordType(rawValue: 17)
    /// AFS database location (RFC 1183).
    public static let afsdb = RecordType(rawValue: 18)
    /// IPv6 address.
    public static let aaaa = RecordType(rawValue: 28)
    /// Location (RFC 1876).
    public static let loc = RecordType(rawValue: 29)
    /// Service location (RFC 2782).
    public static let srv = RecordType(rawValue: 33)
    /// Naming authority pointer (RFC 3403).
    public static let naptr = RecordType(rawValue: 35)
    /// Key exchanger (RFC 2230).
    public static let kx = RecordType(rawValue: 36)
    /// Certificate (RFC 4398).
    public static let cert = RecordType(rawValue: 37)
    /// Delegation name, a redirection of a whole subtree (RFC 6672).
    public static let dname = RecordType(rawValue: 39)
    /// EDNS(0) OPT pseudo-record (RFC 6891); only in messages, never in zones.
    public static let opt = RecordType(rawValue: 41)
    /// Delegation signer (RFC 4034).
    public static let ds = RecordType(rawValue: 43)
    /// SSH key fingerprint (RFC 4255).
    public static let sshfp = RecordType(rawValue: 44)
    /// IPsec keying material (RFC 4025).
    public static let ipseckey = RecordType(rawValue: 45)
    /// DNSSEC signature (RFC 4034).
    public static let rrsig = RecordType(rawValue: 46)
    /// Next secure record (RFC 4034).
    public static let nsec = RecordType(rawValue: 47)
    /// DNSSEC public key (RFC 4034).
    public static let dnskey = RecordType(rawValue: 48)
    /// DHCP information (RFC 4701).
    public static let dhcid = RecordType(rawValue: 49)
    /// Hashed next secure record (RFC 5155).
    public static let nsec3 = RecordType(rawValue: 50)
    /// NSEC3 parameters (RFC 5155).
    public static let nsec3param = RecordType(rawValue: 51)
    /// TLS certificate association (RFC 6698).
    public static let tlsa = RecordType(rawValue: 52)
    /// S/MIME certificate association (RFC 8162).
    public static let smimea = RecordType(rawValue: 53)
    /// Child copy of DS (RFC 7344).
    public static let cds = RecordType(rawValue: 59)
    /// Child copy of DNSKEY (RFC 7344).
    public static let cdnskey = RecordType(rawValue: 60)
    /// OpenPGP public key (RFC 7929).
    public static let openpgpkey = RecordType(rawValue: 61)
    /// Child-to-parent synchronisation (RFC 7477).
    public static let csync = RecordType(rawValue: 62)
    /// Message digest for DNS zones (RFC 8976).
    public static let zonemd = RecordType(rawValue: 63)
    /// Service binding (RFC 9460).
    public static let svcb = RecordType(rawValue: 64)
    /// HTTPS service binding (RFC 9460).
    public static let https = RecordType(rawValue: 65)
    /// Sender Policy Framework, same form as TXT (RFC 4408, retired by RFC 7208).
    public static let spf = RecordType(rawValue: 99)
    /// 48-bit extended unique identifier (RFC 7043).
    public static let eui48 = RecordType(rawValue: 108)
    /// 64-bit extended unique identifier (RFC 7043).
    public static let eui64 = RecordType(rawValue: 109)
    /// Transaction key (RFC 2930; meta type, never in zones).
    public static let tkey = RecordType(rawValue: 249)
    /// Transaction signature (RFC 8945; meta type, never in zones).
    public static let tsig = RecordType(rawValue: 250)
    /// Incremental zone transfer (question only).
    public static let ixfr = RecordType(rawValue: 251)
    /// Zone transfer (question only).
    public static let axfr = RecordType(rawValue: 252)
    /// Any type (question only).
    public static let any = RecordType(rawValue: 255)
    /// Uniform resource identifier (RFC 7553).
    public static let uri = RecordType(rawValue: 256)
    /// Certification authority authorization (RFC 8659).
    public static let caa = RecordType(rawValue: 257)

    static let mnemonics: [(RecordType, String)] = [
        (.a, "A"), (.ns, "NS"), (.cname, "CNAME"), (.soa, "SOA"), (.ptr, "PTR"), (.hinfo, "HINFO"), (.mx, "MX"),
        (.txt, "TXT"), (.rp, "RP"), (.afsdb, "AFSDB"), (.aaaa, "AAAA"), (.loc, "LOC"), (.srv, "SRV"),
        (.naptr, "NAPTR"), (.kx, "KX"), (.cert, "CERT"), (.dname, "DNAME"), (.opt, "OPT"), (.ds, "DS"),
        (.sshfp, "SSHFP"), (.ipseckey, "IPSECKEY"), (.rrsig, "RRSIG"), (.nsec, "NSEC"), (.dnskey, "DNSKEY"),
        (.dhcid, "DHCID"), (.nsec3, "NSEC3"), (.nsec3param, "NSEC3PARAM"), (.tlsa, "TLSA"), (.smimea, "SMIMEA"),
        (.cds, "CDS"), (.cdnskey, "CDNSKEY"), (.openpgpkey, "OPENPGPKEY"), (.csync, "CSYNC"), (.zonemd, "ZONEMD"),
        (.svcb, "SVCB"), (.https, "HTTPS"), (.spf, "SPF"), (.eui48, "EUI48"), (.eui64, "EUI64"), (.tkey, "TKEY"),
        (.tsig, "TSIG"), (.ixfr, "IXFR"), (.axfr, "AXFR"), (.any, "ANY"), (.uri, "URI"), (.caa, "CAA"),
    ]

    /// Mnemonic by code.
    private static let names: [UInt16: String] = Dictionary(
        uniqueKeysWithValues: mnemonics.map { ($0.0.rawValue, $0.1) })

    /// Code by mnemonic.
    private static let codes: [String: RecordType] = Dictionary(uniqueKeysWithValues: mnemonics.map { ($0.1, $0.0) })

    /// Meta and question-only types (OPT, TKEY, TSIG, IXFR, AXFR, ANY), which cannot appear in a zone file.
    public static let metaTypes: Set<RecordType> = [.opt, .tkey, .tsig, .ixfr, .axfr, .any]

    /// Parses a mnemonic (case-insensitive) or `TYPEnnn`; nil if neither.
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if let known = Self.codes[upper] {
            self = known
            return
        }
        guard upper.hasPrefix("TYPE"), let code = UInt16(upper.dropFirst(4)), upper.count > 4,
            upper.dropFirst(4).allSatisfy(\.isNumber)
        else { return nil }
        self.rawValue = code
    }

    /// The mnemonic, or `TYPEnnn` for a type without one.
    public var description: String {
        Self.names[rawValue] ?? "TYPE\(rawValue)"
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
