/// The data of a resource record, typed for the record types Edge serves and opaque (RFC 3597) for
/// any other. Parse and print it with `init(parsing:type:origin:)` and `presentation`; encode and decode
/// it with `wireBytes` and `init(wire:type:)`.
public enum RData: Hashable, Sendable {
    /// An IPv4 address.
    case a(IPv4Address)
    /// An IPv6 address.
    case aaaa(IPv6Address)
    /// The canonical name this alias points at.
    case cname(DNSName)
    /// An authoritative name server.
    case ns(DNSName)
    /// A pointer (reverse mapping).
    case ptr(DNSName)
    /// A mail exchange and its preference (lower is preferred).
    case mx(preference: UInt16, exchange: DNSName)
    /// One or more character-strings of at most 255 bytes each.
    case txt([[UInt8]])
    /// Start of authority.
    case soa(SOAData)
    /// Service location.
    case srv(SRVData)
    /// Certification authority authorization.
    case caa(CAAData)
    /// Naming authority pointer.
    case naptr(NAPTRData)
    /// Delegation signer.
    case ds(DSData)
    /// Service binding.
    case svcb(SVCBData)
    /// HTTPS service binding (same shape as SVCB).
    case https(SVCBData)
    /// Host information: CPU and operating system character-strings (RFC 1035).
    case hinfo(cpu: [UInt8], os: [UInt8])
    /// Responsible person: a mailbox as a name and a name owning TXT records (`.` for none) (RFC 1183).
    case rp(mailbox: DNSName, text: DNSName)
    /// AFS database server and its subtype (RFC 1183).
    case afsdb(subtype: UInt16, hostname: DNSName)
    /// A key exchanger and its preference (RFC 2230).
    case kx(preference: UInt16, exchanger: DNSName)
    /// The target of a subtree redirection (RFC 6672).
    case dname(DNSName)
    /// Sender Policy Framework strings, as TXT.
    case spf([[UInt8]])
    /// A location (RFC 1876).
    case loc(LOCData)
    /// A URI with priority and weight (RFC 7553).
    case uri(URIData)
    /// An SSH host key fingerprint (RFC 4255).
    case sshfp(SSHFPData)
    /// A TLS certificate association (RFC 6698).
    case tlsa(TLSAData)
    /// An S/MIME certificate association (RFC 8162; same shape as TLSA).
    case smimea(TLSAData)
    /// A certificate or certificate revocation list (RFC 4398).
    case cert(CERTData)
    /// IPsec keying material (RFC 4025).
    case ipseckey(IPSECKEYData)
    /// A DNSSEC public key (RFC 4034).
    case dnskey(DNSKEYData)
    /// The child's copy of a DNSKEY for its parent (RFC 7344; same shape as DNSKEY).
    case cdnskey(DNSKEYData)
    /// The child's copy of a DS for its parent (RFC 7344; same shape as DS).
    case cds(DSData)
    /// A DNSSEC signature (RFC 4034).
    case rrsig(RRSIGData)
    /// The next owner name and the types present at this one (RFC 4034).
    case nsec(NSECData)
    /// The next hashed owner name and the types present (RFC 5155).
    case nsec3(NSEC3Data)
    /// The NSEC3 parameters of a zone (RFC 5155).
    case nsec3param(NSEC3PARAMData)
    /// Child-to-parent synchronisation flags and types (RFC 7477).
    case csync(CSYNCData)
    /// A digest of the zone's contents (RFC 8976).
    case zonemd(ZONEMDData)
    /// An OpenPGP transferable public key (RFC 7929), base64 in presentation form.
    case openpgpkey([UInt8])
    /// DHCP client identity digest (RFC 4701), base64 in presentation form.
    case dhcid([UInt8])
    /// A 48-bit extended unique identifier: six bytes, `xx-xx-xx-xx-xx-xx` in presentation form (RFC 7043).
    case eui48([UInt8])
    /// A 64-bit extended unique identifier: eight bytes, `xx-…-xx` in presentation form (RFC 7043).
    case eui64([UInt8])
    /// Data of any other type, kept as bytes and printed as `\# len hex`.
    case unknown([UInt8])
}

/// The data of an SOA record.
public struct SOAData: Hashable, Sendable {
    /// The primary name server.
    public var mname: DNSName
    /// The responsible person's mailbox, as a name (`hostmaster.example.com.`).
    public var rname: DNSName
    /// The zone's serial number.
    public var serial: UInt32
    /// Seconds between secondary refreshes.
    public var refresh: UInt32
    /// Seconds between retries of a failed refresh.
    public var retry: UInt32
    /// Seconds after which a secondary stops answering.
    public var expire: UInt32
    /// The negative-caching TTL (RFC 2308).
    public var minimum: UInt32

    /// Creates SOA data.
    public init(
        mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32,
        minimum: UInt32
    ) {
        self.mname = mname
        self.rname = rname
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}

/// The data of an SRV record (RFC 2782).
public struct SRVData: Hashable, Sendable {
    /// Lower is tried first.
    public var priority: UInt16
    /// Relative weight among equal priorities.
    public var weight: UInt16
    /// The service's port.
    public var port: UInt16
    /// The host providing the service (`.` for none).
    public var target: DNSName

    /// Creates SRV data.
    public init(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }
}

/// The data of a CAA record (RFC 8659).
public struct CAAData: Hashable, Sendable {
    /// Flags; bit 128 is "issuer critical".
    public var flags: UInt8
    /// The property tag (`issue`, `issuewild`, `iodef`...): 1–15 ASCII letters and digits.
    public var tag: String
    /// The property value.
    public var value: [UInt8]

    /// Creates CAA data.
    public init(flags: UInt8, tag: String, value: [UInt8]) {
        self.flags = flags
        self.tag = tag
        self.value = value
    }
}

/// The data of a NAPTR record (RFC 3403).
public struct NAPTRData: Hashable, Sendable {
    /// Processing order, lower first.
    public var order: UInt16
    /// Preference among equal orders.
    public var preference: UInt16
    /// Flags character-string.
    public var flags: [UInt8]
    /// Services character-string.
    public var services: [UInt8]
    /// Substitution expression character-string.
    public var regexp: [UInt8]
    /// The next name to look up.
    public var replacement: DNSName

    /// Creates NAPTR data.
    public init(
        order: UInt16, preference: UInt16, flags: [UInt8], services: [UInt8], regexp: [UInt8],
        replacement: DNSName
    ) {
        self.order = order
        self.preference = preference
        self.flags = flags
        self.services = services
        self.regexp = regexp
        self.replacement = replacement
    }
}

/// The data of a DS record (RFC 4034).
public struct DSData: Hashable, Sendable {
    /// The key tag of the referenced DNSKEY.
    public var keyTag: UInt16
    /// The DNSKEY's algorithm.
    public var algorithm: UInt8
    /// The digest algorithm (2 = SHA-256).
    public var digestType: UInt8
    /// The digest.
    public var digest: [UInt8]

    /// Creates DS data.
    public init(keyTag: UInt16, algorithm: UInt8, digestType: UInt8, digest: [UInt8]) {
        self.keyTag = keyTag
        self.algorithm = algorithm
        self.digestType = digestType
        self.digest = digest
    }
}

/// The data of a URI record (RFC 7553).
public struct URIData: Hashable, Sendable {
    /// Lower is tried first.
    public var priority: UInt16
    /// Relative weight among equal priorities.
    public var weight: UInt16
    /// The URI (not empty); on the wire the rest of the data, without a length byte.
    public var target: [UInt8]

    /// Creates URI data.
    public init(priority: UInt16, weight: UInt16, target: [UInt8]) {
        self.priority = priority
        self.weight = weight
        self.target = target
    }
}

/// The data of an SVCB or HTTPS record (RFC 9460).
public struct SVCBData: Hashable, Sendable {
    /// 0 is alias mode; otherwise service mode, lower preferred.
    public var priority: UInt16
    /// The target name (`.` means the owner in service mode).
    public var target: DNSName
    /// The parameters, in strictly increasing key order.
    public var parameters: [SVCParameter]

    /// Creates SVCB data; parameters are sorted by key.
    public init(priority: UInt16, target: DNSName, parameters: [SVCParameter]) {
        self.priority = priority
        self.target = target
        self.parameters = parameters.sorted { $0.key < $1.key }
    }
}
