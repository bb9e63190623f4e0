/// The data of a DNSKEY or CDNSKEY record (RFC 4034 §2, RFC 7344).
public struct DNSKEYData: Hashable, Sendable, RDataFields {
    /// Flags: 256 is a zone key, 257 a zone key that is also a secure entry point (KSK).
    public var flags: UInt16
    /// Always 3.
    public var `protocol`: UInt8
    /// The key's algorithm (8 = RSASHA256, 13 = ECDSAP256SHA256…).
    public var algorithm: UInt8
    /// The public key, base64 in presentation form.
    public var publicKey: [UInt8]

    /// Creates DNSKEY data.
    public init(flags: UInt16, protocol: UInt8, algorithm: UInt8, publicKey: [UInt8]) {
        self.flags = flags
        self.protocol = `protocol`
        self.algorithm = algorithm
        self.publicKey = publicKey
    }

    /// The key tag DS and RRSIG records use to name this key (RFC 4034 Appendix B).
    public var keyTag: UInt16 {
        var writer = WireWriter()
        encode(into: &writer)
        var sum: UInt32 = 0
        for (index, byte) in writer.bytes.enumerated() { sum += index & 1 == 0 ? UInt32(byte) << 8 : UInt32(byte) }
        sum += sum >> 16 & 0xFFFF
        return UInt16(sum & 0xFFFF)
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(
            flags: try cursor.u16("flags"), protocol: try cursor.u8("protocol"),
            algorithm: try cursor.algorithm("algorithm"), publicKey: try cursor.base64Rest("public key"))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            flags: try reader.u16(), protocol: try reader.u8(), algorithm: try reader.u8(),
            publicKey: try reader.restNotEmpty("public key", bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u16(flags)
        writer.u8(`protocol`)
        writer.u8(algorithm)
        writer.append(publicKey)
    }

    var presentation: String { "\(flags) \(`protocol`) \(algorithm) \(PresentationText.base64(publicKey))" }
}

/// The data of an RRSIG record (RFC 4034 §3).
public struct RRSIGData: Hashable, Sendable, RDataFields {
    /// The type of the RRset signed.
    public var typeCovered: RecordType
    /// The signing algorithm.
    public var algorithm: UInt8
    /// Labels in the signed owner name, not counting the root or a leading `*`.
    public var labels: UInt8
    /// The RRset's TTL as in the zone.
    public var originalTTL: UInt32
    /// End of validity, seconds since 1970 modulo 2^32.
    public var expiration: UInt32
    /// Start of validity, seconds since 1970 modulo 2^32.
    public var inception: UInt32
    /// The key tag of the signing DNSKEY.
    public var keyTag: UInt16
    /// The zone that signed.
    public var signerName: DNSName
    /// The signature, base64 in presentation form.
    public var signature: [UInt8]

    /// Creates RRSIG data.
    public init(
        typeCovered: RecordType, algorithm: UInt8, labels: UInt8, originalTTL: UInt32, expiration: UInt32,
        inception: UInt32, keyTag: UInt16, signerName: DNSName, signature: [UInt8]
    ) {
        self.typeCovered = typeCovered
        self.algorithm = algorithm
        self.labels = labels
        self.originalTTL = originalTTL
        self.expiration = expiration
        self.inception = inception
        self.keyTag = keyTag
        self.signerName = signerName
        self.signature = signature
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        let typeToken = try cursor.next("type covered")
        guard !typeToken.quoted, let type = RecordType(mnemonic: typeToken.text) else {
            throw DNSTextError(.badType, "unknown type covered '\(typeToken.text)'")
        }
        self.init(
            typeCovered: type, algorithm: try cursor.algorithm("algorithm"), labels: try cursor.u8("labels"),
            originalTTL: try cursor.duration("original TTL"),
            expiration: try DNSSECTime.parse(cursor.next("expiration").raw, what: "expiration"),
            inception: try DNSSECTime.parse(cursor.next("inception").raw, what: "inception"),
            keyTag: try cursor.u16("key tag"), signerName: try cursor.name("signer name", origin: origin),
            signature: try cursor.base64Rest("signature"))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            typeCovered: RecordType(rawValue: try reader.u16()), algorithm: try reader.u8(), labels: try reader.u8(),
            originalTTL: try reader.u32(), expiration: try reader.u32(), inception: try reader.u32(),
            keyTag: try reader.u16(), signerName: try reader.name(),
            signature: try reader.restNotEmpty("signature", bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u16(typeCovered.rawValue)
        writer.u8(algorithm)
        writer.u8(labels)
        writer.u32(originalTTL)
        writer.u32(expiration)
        writer.u32(inception)
        writer.u16(keyTag)
        writer.name(signerName, compress: false)
        writer.append(signature)
    }

    var presentation: String {
        "\(typeCovered) \(algorithm) \(labels) \(originalTTL) \(DNSSECTime.text(expiration)) "
            + "\(DNSSECTime.text(inception)) \(keyTag) \(signerName) \(PresentationText.base64(signature))"
    }
}

/// The data of an NSEC record (RFC 4034 §4).
public struct NSECData: Hashable, Sendable, RDataFields {
    /// The next owner name in canonical order (the apex for the last one).
    public var nextName: DNSName
    /// The types present at the owner, sorted and distinct.
    public var types: [RecordType]

    /// Creates NSEC data; types are sorted and repeats dropped.
    public init(nextName: DNSName, types: [RecordType]) {
        self.nextName = nextName
        self.types = Set(types.map(\.rawValue)).sorted().map(RecordType.init(rawValue:))
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(nextName: try cursor.name("next name", origin: origin), types: try TypeBitmap.parse(&cursor))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(nextName: try reader.name(), types: try TypeBitmap.decode(&reader, bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.name(nextName, compress: false)
        TypeBitmap.encode(types, into: &writer)
    }

    var presentation: String { nextName.description + TypeBitmap.presentation(types) }
}

/// The data of an NSEC3 record (RFC 5155 §3).
public struct NSEC3Data: Hashable, Sendable, RDataFields {
    /// The hash algorithm (1 = SHA-1).
    public var hashAlgorithm: UInt8
    /// Flags; bit 1 is opt-out.
    public var flags: UInt8
    /// Extra hash iterations.
    public var iterations: UInt16
    /// The salt (at most 255 bytes; `-` in presentation form when empty).
    public var salt: [UInt8]
    /// The next hashed owner name, base32hex in presentation form (1–255 bytes).
    public var nextHashedOwner: [UInt8]
    /// The types present at the original owner, sorted and distinct.
    public var types: [RecordType]

    /// Creates NSEC3 data; types are sorted and repeats dropped.
    public init(
        hashAlgorithm: UInt8, flags: UInt8, iterations: UInt16, salt: [UInt8], nextHashedOwner: [UInt8],
        types: [RecordType]
    ) {
        self.hashAlgorithm = hashAlgorithm
        self.flags = flags
        self.iterations = iterations
        self.salt = salt
        self.nextHashedOwner = nextHashedOwner
        self.types = Set(types.map(\.rawValue)).sorted().map(RecordType.init(rawValue:))
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        let hashAlgorithm = try cursor.u8("hash algorithm")
        let flags = try cursor.u8("flags")
        let iterations = try cursor.u16("iterations")
        let salt = try cursor.salt("salt")
        let next = try PresentationText.unbase32hex(cursor.next("next hashed owner").raw)
        guard (1...255).contains(next.count) else {
            throw DNSTextError(.badRData, "next hashed owner must be 1 to 255 bytes")
        }
        self.init(
            hashAlgorithm: hashAlgorithm, flags: flags, iterations: iterations, salt: salt, nextHashedOwner: next,
            types: try TypeBitmap.parse(&cursor))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        let hashAlgorithm = try reader.u8()
        let flags = try reader.u8()
        let iterations = try reader.u16()
        let salt = try reader.characterString()
        let next = try reader.characterString()
        guard !next.isEmpty else { throw bad("empty next hashed owner") }
        self.init(
            hashAlgorithm: hashAlgorithm, flags: flags, iterations: iterations, salt: salt, nextHashedOwner: next,
            types: try TypeBitmap.decode(&reader, bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(hashAlgorithm)
        writer.u8(flags)
        writer.u16(iterations)
        writer.characterString(salt)
        writer.characterString(nextHashedOwner)
        TypeBitmap.encode(types, into: &writer)
    }

    var presentation: String {
        let salt = salt.isEmpty ? "-" : PresentationText.hex(salt).uppercased()
        return "\(hashAlgorithm) \(flags) \(iterations) \(salt) \(PresentationText.base32hex(nextHashedOwner))"
            + TypeBitmap.presentation(types)
    }
}

/// The data of an NSEC3PARAM record (RFC 5155 §4).
public struct NSEC3PARAMData: Hashable, Sendable, RDataFields {
    /// The hash algorithm (1 = SHA-1).
    public var hashAlgorithm: UInt8
    /// Flags (0 in the zone).
    public var flags: UInt8
    /// Extra hash iterations.
    public var iterations: UInt16
    /// The salt (at most 255 bytes; `-` in presentation form when empty).
    public var salt: [UInt8]

    /// Creates NSEC3PARAM data.
    public init(hashAlgorithm: UInt8, flags: UInt8, iterations: UInt16, salt: [UInt8]) {
        self.hashAlgorithm = hashAlgorithm
        self.flags = flags
        self.iterations = iterations
        self.salt = salt
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(
            hashAlgorithm: try cursor.u8("hash algorithm"), flags: try cursor.u8("flags"),
            iterations: try cursor.u16("iterations"), salt: try cursor.salt("salt"))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            hashAlgorithm: try reader.u8(), flags: try reader.u8(), iterations: try reader.u16(),
            salt: try reader.characterString())
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(hashAlgorithm)
        writer.u8(flags)
        writer.u16(iterations)
        writer.characterString(salt)
    }

    var presentation: String {
        "\(hashAlgorithm) \(flags) \(iterations) \(salt.isEmpty ? "-" : PresentationText.hex(salt).uppercased())"
    }
}

/// The data of a CSYNC record (RFC 7477).
public struct CSYNCData: Hashable, Sendable, RDataFields {
    /// The SOA serial the parent should have seen.
    public var serial: UInt32
    /// Flags: 1 = immediate, 2 = SOA minimum.
    public var flags: UInt16
    /// The types the parent should copy, sorted and distinct.
    public var types: [RecordType]

    /// Creates CSYNC data; types are sorted and repeats dropped.
    public init(serial: UInt32, flags: UInt16, types: [RecordType]) {
        self.serial = serial
        self.flags = flags
        self.types = Set(types.map(\.rawValue)).sorted().map(RecordType.init(rawValue:))
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(
            serial: try cursor.u32("serial"), flags: try cursor.u16("flags"), types: try TypeBitmap.parse(&cursor))
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(serial: try reader.u32(), flags: try reader.u16(), types: try TypeBitmap.decode(&reader, bad: bad))
    }

    func encode(into writer: inout WireWriter) {
        writer.u32(serial)
        writer.u16(flags)
        TypeBitmap.encode(types, into: &writer)
    }

    var presentation: String { "\(serial) \(flags)" + TypeBitmap.presentation(types) }
}

/// The data of a ZONEMD record (RFC 8976).
public struct ZONEMDData: Hashable, Sendable, RDataFields {
    /// The serial of the SOA the digest covers.
    public var serial: UInt32
    /// The scheme (1 = SIMPLE).
    public var scheme: UInt8
    /// The hash algorithm (1 = SHA-384, 2 = SHA-512).
    public var hashAlgorithm: UInt8
    /// The digest, at least 12 bytes.
    public var digest: [UInt8]

    /// Creates ZONEMD data.
    public init(serial: UInt32, scheme: UInt8, hashAlgorithm: UInt8, digest: [UInt8]) {
        self.serial = serial
        self.scheme = scheme
        self.hashAlgorithm = hashAlgorithm
        self.digest = digest
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        self.init(
            serial: try cursor.u32("serial"), scheme: try cursor.u8("scheme"),
            hashAlgorithm: try cursor.u8("hash algorithm"), digest: try cursor.hexRest("digest"))
        guard digest.count >= 12 else { throw DNSTextError(.badRData, "digest shorter than 12 bytes") }
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        self.init(
            serial: try reader.u32(), scheme: try reader.u8(), hashAlgorithm: try reader.u8(),
            digest: try reader.take(reader.remaining))
        guard digest.count >= 12 else { throw bad("digest shorter than 12 bytes") }
    }

    func encode(into writer: inout WireWriter) {
        writer.u32(serial)
        writer.u8(scheme)
        writer.u8(hashAlgorithm)
        writer.append(digest)
    }

    var presentation: String { "\(serial) \(scheme) \(hashAlgorithm) \(PresentationText.hex(digest).uppercased())" }
}
