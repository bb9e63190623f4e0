/// The data of an SSHFP record (RFC 4255).
public struct SSHFPData: Hashable, Sendable, RDataFields {
    /// The key algorithm (1 = RSA, 2 = DSA, 3 = ECDSA, 4 = Ed25519).
    public var algorithm: UInt8
    /// The fingerprint type (1 = SHA-1, 2 = SHA-256).
    public var fingerprintType: UInt8
    /// The fingerprint, hex in presentation form (may be split by blanks).
    public var fingerprint: [UInt8]

    /// Creates SSHFP data.
    public init(algorithm: UInt8, fingerprintType: UInt8, fingerprint: [UInt8]) {
        self.algorithm = algorithm
        self.fingerprintType = fingerprintType
        self.fingerprint = fingerprint
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(
            algorithm: try cursor.u8("algorithm"), fingerprintType: try cursor.u8("fingerprint type"),
            fingerprint: try cursor.hexRest("fingerprint"))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            algorithm: try reader.u8(), fingerprintType: try reader.u8(),
            fingerprint: try reader.restNotEmpty("fingerprint", bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(algorithm)
        writer.u8(fingerprintType)
        writer.append(fingerprint)
    }

    var presentation: String { "\(algorithm) \(fingerprintType) \(PresentationText.hex(fingerprint).uppercased())" }
}

/// The data of a TLSA (RFC 6698) or SMIMEA (RFC 8162) record.
public struct TLSAData: Hashable, Sendable, RDataFields {
    /// Certificate usage (0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE).
    public var usage: UInt8
    /// Selector (0 full certificate, 1 SubjectPublicKeyInfo).
    public var selector: UInt8
    /// Matching type (0 exact, 1 SHA-256, 2 SHA-512).
    public var matchingType: UInt8
    /// The certificate association data, hex in presentation form (may be split by blanks).
    public var data: [UInt8]

    /// Creates TLSA data.
    public init(usage: UInt8, selector: UInt8, matchingType: UInt8, data: [UInt8]) {
        self.usage = usage
        self.selector = selector
        self.matchingType = matchingType
        self.data = data
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(
            usage: try cursor.u8("certificate usage"), selector: try cursor.u8("selector"),
            matchingType: try cursor.u8("matching type"), data: try cursor.hexRest("certificate association data"))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            usage: try reader.u8(), selector: try reader.u8(), matchingType: try reader.u8(),
            data: try reader.restNotEmpty("certificate association data", bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(usage)
        writer.u8(selector)
        writer.u8(matchingType)
        writer.append(data)
    }

    var presentation: String { "\(usage) \(selector) \(matchingType) \(PresentationText.hex(data).uppercased())" }
}

/// The data of a CERT record (RFC 4398).
public struct CERTData: Hashable, Sendable, RDataFields {
    /// The certificate type (1 PKIX, 2 SPKI, 3 PGP, … 253 URI, 254 OID); a mnemonic in presentation form.
    public var certificateType: UInt16
    /// The key tag of the matching DNSKEY, or 0.
    public var keyTag: UInt16
    /// The DNSSEC algorithm, or 0; a mnemonic in presentation form where one exists.
    public var algorithm: UInt8
    /// The certificate or CRL, base64 in presentation form.
    public var certificate: [UInt8]

    /// Creates CERT data.
    public init(certificateType: UInt16, keyTag: UInt16, algorithm: UInt8, certificate: [UInt8]) {
        self.certificateType = certificateType
        self.keyTag = keyTag
        self.algorithm = algorithm
        self.certificate = certificate
    }

    static let typeMnemonics: [(UInt16, String)] = [
        (1, "PKIX"), (2, "SPKI"), (3, "PGP"), (4, "IPKIX"), (5, "ISPKI"), (6, "IPGP"), (7, "ACPKIX"),
        (8, "IACPKIX"), (253, "URI"), (254, "OID"),
    ]

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        let typeToken = try cursor.next("certificate type")
        let type: UInt16
        if let first = typeToken.raw.first, PresentationText.isDigit(first) {
            type = UInt16(try PresentationText.number(typeToken.raw, max: 65535, what: "certificate type"))
        } else if let known = Self.typeMnemonics.first(where: { $0.1 == typeToken.text.uppercased() }) {
            type = known.0
        } else {
            throw DNSTextError(.badNumber, "unknown certificate type '\(typeToken.text)'")
        }
        self.init(
            certificateType: type, keyTag: try cursor.u16("key tag"), algorithm: try cursor.algorithm("algorithm"),
            certificate: try cursor.base64Rest("certificate"))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            certificateType: try reader.u16(), keyTag: try reader.u16(), algorithm: try reader.u8(),
            certificate: try reader.restNotEmpty("certificate", bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u16(certificateType)
        writer.u16(keyTag)
        writer.u8(algorithm)
        writer.append(certificate)
    }

    var presentation: String {
        let type = Self.typeMnemonics.first { $0.0 == certificateType }?.1 ?? String(certificateType)
        return "\(type) \(keyTag) \(DNSSECAlgorithm.name(algorithm)) \(PresentationText.base64(certificate))"
    }
}

/// The data of an IPSECKEY record (RFC 4025).
public struct IPSECKEYData: Hashable, Sendable, RDataFields {
    /// Where to connect: nowhere, an address or a name. Its case is the gateway type (0–3).
    public enum Gateway: Hashable, Sendable {
        /// No gateway (type 0, `.` in presentation form).
        case none
        /// An IPv4 gateway (type 1).
        case ipv4(IPv4Address)
        /// An IPv6 gateway (type 2).
        case ipv6(IPv6Address)
        /// A gateway name (type 3), never compressed.
        case name(DNSName)

        /// The gateway type code.
        public var type: UInt8 {
            switch self {
            case .none: 0
            case .ipv4: 1
            case .ipv6: 2
            case .name: 3
            }
        }
    }

    /// Lower is preferred.
    public var precedence: UInt8
    /// The gateway.
    public var gateway: Gateway
    /// The public key algorithm (0 none, 1 DSA, 2 RSA, 3 ECDSA).
    public var algorithm: UInt8
    /// The public key, base64 in presentation form; may be empty (then not printed).
    public var publicKey: [UInt8]

    /// Creates IPSECKEY data.
    public init(precedence: UInt8, gateway: Gateway, algorithm: UInt8, publicKey: [UInt8]) {
        self.precedence = precedence
        self.gateway = gateway
        self.algorithm = algorithm
        self.publicKey = publicKey
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        let precedence = try cursor.u8("precedence")
        let gatewayType = try cursor.u8("gateway type")
        let algorithm = try cursor.u8("algorithm")
        let token = try cursor.next("gateway")
        let gateway: Gateway
        switch gatewayType {
        case 0:
            guard token.raw == [UInt8(ascii: ".")] else {
                throw DNSTextError(.badRData, "gateway type 0 needs '.' as the gateway")
            }
            gateway = .none
        case 1:
            guard let address = IPv4Address(token.text) else {
                throw DNSTextError(.badAddress, "bad IPv4 gateway '\(token.text)'")
            }
            gateway = .ipv4(address)
        case 2:
            guard let address = IPv6Address(token.text) else {
                throw DNSTextError(.badAddress, "bad IPv6 gateway '\(token.text)'")
            }
            gateway = .ipv6(address)
        case 3: gateway = .name(try DNSName(presentation: token.raw, origin: origin))
        default: throw DNSTextError(.badRData, "unknown gateway type \(gatewayType)")
        }
        let key = cursor.isAtEnd ? [] : try cursor.base64Rest("public key")
        self.init(precedence: precedence, gateway: gateway, algorithm: algorithm, publicKey: key)
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        let precedence = try reader.u8()
        let gatewayType = try reader.u8()
        let algorithm = try reader.u8()
        let gateway: Gateway
        switch gatewayType {
        case 0: gateway = .none
        case 1: gateway = .ipv4(IPv4Address(bytes: try reader.take(4))!)
        case 2: gateway = .ipv6(IPv6Address(bytes: try reader.take(16))!)
        case 3: gateway = .name(try reader.name())
        default: throw bad("unknown gateway type \(gatewayType)")
        }
        self.init(
            precedence: precedence, gateway: gateway, algorithm: algorithm, publicKey: try reader.take(reader.remaining)
        )
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(precedence)
        writer.u8(gateway.type)
        writer.u8(algorithm)
        switch gateway {
        case .none: break
        case .ipv4(let address): writer.append(address.bytes)
        case .ipv6(let address): writer.append(address.bytes)
        case .name(let name): writer.name(name, compress: false)
        }
        writer.append(publicKey)
    }

    var presentation: String {
        let gatewayText: String
        switch gateway {
        case .none: gatewayText = "."
        case .ipv4(let address): gatewayText = address.description
        case .ipv6(let address): gatewayText = address.description
        case .name(let name): gatewayText = name.description
        }
        let head = "\(precedence) \(gateway.type) \(algorithm) \(gatewayText)"
        return publicKey.isEmpty ? head : "\(head) \(PresentationText.base64(publicKey))"
    }
}
