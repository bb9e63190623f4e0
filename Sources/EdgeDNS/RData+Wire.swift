extension RData {
    /// The record type a typed case belongs to; nil for `.unknown`.
    public var type: RecordType? {
        switch self {
        case .a: .a
        case .aaaa: .aaaa
        case .cname: .cname
        case .ns: .ns
        case .ptr: .ptr
        case .mx: .mx
        case .txt: .txt
        case .soa: .soa
        case .srv: .srv
        case .caa: .caa
        case .naptr: .naptr
        case .ds: .ds
        case .svcb: .svcb
        case .https: .https
        case .hinfo: .hinfo
        case .rp: .rp
        case .afsdb: .afsdb
        case .kx: .kx
        case .dname: .dname
        case .spf: .spf
        case .loc: .loc
        case .uri: .uri
        case .sshfp: .sshfp
        case .tlsa: .tlsa
        case .smimea: .smimea
        case .cert: .cert
        case .ipseckey: .ipseckey
        case .dnskey: .dnskey
        case .cdnskey: .cdnskey
        case .cds: .cds
        case .rrsig: .rrsig
        case .nsec: .nsec
        case .nsec3: .nsec3
        case .nsec3param: .nsec3param
        case .csync: .csync
        case .zonemd: .zonemd
        case .openpgpkey: .openpgpkey
        case .dhcid: .dhcid
        case .eui48: .eui48
        case .eui64: .eui64
        case .unknown: nil
        }
    }

    /// The data in uncompressed wire form (as in RFC 3597 `\#` text and DNSSEC canonical form, case kept).
    public var wireBytes: [UInt8] {
        var writer = WireWriter()
        encode(into: &writer, compress: false)
        return writer.bytes
    }

    /// Decodes uncompressed wire data of the given type; types without a typed case become `.unknown`.
    /// - Throws: `DNSWireError` when the data is malformed or has bytes left over.
    public init(wire bytes: [UInt8], type: RecordType) throws(DNSWireError) {
        var reader = WireReader(bytes)
        self = try RData.decode(type: type, from: &reader, length: bytes.count)
    }

    /// Writes the data. Names in the RFC 1035 types (CNAME, NS, PTR, MX, SOA) are compressed when
    /// `compress` is set; names in later types never are (RFC 3597 §4; RFC 6672 §2.5 for DNAME).
    func encode(into writer: inout WireWriter, compress: Bool) {
        switch self {
        case .a(let address): writer.u32(address.value)
        case .aaaa(let address): writer.append(address.bytes)
        case .cname(let name), .ns(let name), .ptr(let name): writer.name(name, compress: compress)
        case .mx(let preference, let exchange):
            writer.u16(preference)
            writer.name(exchange, compress: compress)
        case .txt(let strings), .spf(let strings):
            for string in strings { writer.characterString(string) }
        case .hinfo(let cpu, let os):
            writer.characterString(cpu)
            writer.characterString(os)
        case .rp(let mailbox, let text):
            writer.name(mailbox, compress: false)
            writer.name(text, compress: false)
        case .afsdb(let number, let name), .kx(let number, let name):
            writer.u16(number)
            writer.name(name, compress: false)
        case .dname(let target): writer.name(target, compress: false)
        case .uri(let uri):
            writer.u16(uri.priority)
            writer.u16(uri.weight)
            writer.append(uri.target)
        case .loc(let fields as any RDataFields), .sshfp(let fields as any RDataFields),
            .tlsa(let fields as any RDataFields), .smimea(let fields as any RDataFields),
            .cert(let fields as any RDataFields), .ipseckey(let fields as any RDataFields),
            .dnskey(let fields as any RDataFields), .cdnskey(let fields as any RDataFields),
            .rrsig(let fields as any RDataFields), .nsec(let fields as any RDataFields),
            .nsec3(let fields as any RDataFields), .nsec3param(let fields as any RDataFields),
            .csync(let fields as any RDataFields), .zonemd(let fields as any RDataFields):
            fields.encode(into: &writer)
        case .openpgpkey(let bytes), .dhcid(let bytes), .eui48(let bytes), .eui64(let bytes): writer.append(bytes)
        case .soa(let soa):
            writer.name(soa.mname, compress: compress)
            writer.name(soa.rname, compress: compress)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { writer.u32(value) }
        case .srv(let srv):
            writer.u16(srv.priority)
            writer.u16(srv.weight)
            writer.u16(srv.port)
            writer.name(srv.target, compress: false)
        case .caa(let caa):
            writer.u8(caa.flags)
            writer.characterString(Array(caa.tag.utf8))
            writer.append(caa.value)
        case .naptr(let naptr):
            writer.u16(naptr.order)
            writer.u16(naptr.preference)
            writer.characterString(naptr.flags)
            writer.characterString(naptr.services)
            writer.characterString(naptr.regexp)
            writer.name(naptr.replacement, compress: false)
        case .ds(let ds), .cds(let ds):
            writer.u16(ds.keyTag)
            writer.u8(ds.algorithm)
            writer.u8(ds.digestType)
            writer.append(ds.digest)
        case .svcb(let data), .https(let data):
            writer.u16(data.priority)
            writer.name(data.target, compress: false)
            for parameter in data.parameters {
                let value = parameter.wireValue
                writer.u16(parameter.key)
                writer.u16(UInt16(clamping: value.count))
                writer.append(value)
            }
        case .unknown(let bytes): writer.append(bytes)
        }
    }

    /// Decodes `length` bytes of data at the reader's position; names may use compression pointers
    /// into the rest of the message.
    static func decode(type: RecordType, from reader: inout WireReader, length: Int) throws(DNSWireError) -> RData {
        let start = reader.position
        guard length <= reader.remaining else { throw .truncated(offset: start) }
        let outerLimit = reader.limit
        reader.limit = start + length
        defer { reader.limit = outerLimit }
        func bad(_ reason: String) -> DNSWireError { .badRData(type: type, offset: start, reason: reason) }
        let data: RData
        switch type {
        case .a: data = .a(IPv4Address(bytes: try reader.take(4))!)
        case .aaaa: data = .aaaa(IPv6Address(bytes: try reader.take(16))!)
        case .cname: data = .cname(try reader.name())
        case .ns: data = .ns(try reader.name())
        case .ptr: data = .ptr(try reader.name())
        case .mx: data = .mx(preference: try reader.u16(), exchange: try reader.name())
        case .txt, .spf:
            var strings: [[UInt8]] = []
            repeat { strings.append(try reader.characterString()) } while reader.remaining > 0
            data = type == .txt ? .txt(strings) : .spf(strings)
        case .hinfo: data = .hinfo(cpu: try reader.characterString(), os: try reader.characterString())
        case .rp: data = .rp(mailbox: try reader.name(), text: try reader.name())
        case .afsdb: data = .afsdb(subtype: try reader.u16(), hostname: try reader.name())
        case .kx: data = .kx(preference: try reader.u16(), exchanger: try reader.name())
        case .dname: data = .dname(try reader.name())
        case .uri:
            data = .uri(
                URIData(
                    priority: try reader.u16(), weight: try reader.u16(),
                    target: try reader.restNotEmpty("target", bad: bad)))
        case .loc: data = .loc(try LOCData(decoding: &reader, bad: bad))
        case .sshfp: data = .sshfp(try SSHFPData(decoding: &reader, bad: bad))
        case .tlsa: data = .tlsa(try TLSAData(decoding: &reader, bad: bad))
        case .smimea: data = .smimea(try TLSAData(decoding: &reader, bad: bad))
        case .cert: data = .cert(try CERTData(decoding: &reader, bad: bad))
        case .ipseckey: data = .ipseckey(try IPSECKEYData(decoding: &reader, bad: bad))
        case .dnskey: data = .dnskey(try DNSKEYData(decoding: &reader, bad: bad))
        case .cdnskey: data = .cdnskey(try DNSKEYData(decoding: &reader, bad: bad))
        case .rrsig: data = .rrsig(try RRSIGData(decoding: &reader, bad: bad))
        case .nsec: data = .nsec(try NSECData(decoding: &reader, bad: bad))
        case .nsec3: data = .nsec3(try NSEC3Data(decoding: &reader, bad: bad))
        case .nsec3param: data = .nsec3param(try NSEC3PARAMData(decoding: &reader, bad: bad))
        case .csync: data = .csync(try CSYNCData(decoding: &reader, bad: bad))
        case .zonemd: data = .zonemd(try ZONEMDData(decoding: &reader, bad: bad))
        case .openpgpkey: data = .openpgpkey(try reader.restNotEmpty("key", bad: bad))
        case .dhcid: data = .dhcid(try reader.restNotEmpty("digest", bad: bad))
        case .eui48: data = .eui48(try reader.take(6))
        case .eui64: data = .eui64(try reader.take(8))
        case .soa:
            data = .soa(
                SOAData(
                    mname: try reader.name(), rname: try reader.name(), serial: try reader.u32(),
                    refresh: try reader.u32(), retry: try reader.u32(), expire: try reader.u32(),
                    minimum: try reader.u32()))
        case .srv:
            data = .srv(
                SRVData(
                    priority: try reader.u16(), weight: try reader.u16(), port: try reader.u16(),
                    target: try reader.name()))
        case .caa:
            let flags = try reader.u8()
            let tag = try reader.characterString()
            guard !tag.isEmpty, tag.count <= 15,
                tag.allSatisfy({
                    PresentationText.isDigit($0) || (DNSName.fold($0) >= 0x61 && DNSName.fold($0) <= 0x7A)
                })
            else { throw bad("bad CAA tag") }
            data = .caa(
                CAAData(
                    flags: flags, tag: String(decoding: tag, as: UTF8.self), value: try reader.take(reader.remaining)))
        case .naptr:
            data = .naptr(
                NAPTRData(
                    order: try reader.u16(), preference: try reader.u16(), flags: try reader.characterString(),
                    services: try reader.characterString(), regexp: try reader.characterString(),
                    replacement: try reader.name()))
        case .ds, .cds:
            let ds = DSData(
                keyTag: try reader.u16(), algorithm: try reader.u8(), digestType: try reader.u8(),
                digest: try reader.restNotEmpty("digest", bad: bad))
            data = type == .ds ? .ds(ds) : .cds(ds)
        case .svcb, .https:
            let priority = try reader.u16()
            let target = try reader.name()
            var parameters: [SVCParameter] = []
            var lastKey = -1
            while reader.remaining > 0 {
                let key = try reader.u16()
                let value = try reader.take(Int(try reader.u16()))
                guard Int(key) > lastKey else { throw bad("SvcParam keys not in increasing order") }
                lastKey = Int(key)
                do {
                    parameters.append(try SVCParameter.decode(key: key, value: value))
                } catch {
                    throw bad(error.message)
                }
            }
            let svcb = SVCBData(priority: priority, target: target, parameters: parameters)
            data = type == .svcb ? .svcb(svcb) : .https(svcb)
        default:
            data = .unknown(try reader.take(length))
        }
        guard reader.position == start + length else { throw .rdataLengthMismatch(type: type, offset: start) }
        return data
    }
}
