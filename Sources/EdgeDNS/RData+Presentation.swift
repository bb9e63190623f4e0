extension RData {
    /// Parses record data in presentation form, e.g. `10 mail` for MX or `\# 4 c0000201` (RFC 3597) for
    /// any type. Relative names are completed with `origin`. Data in `\#` form for a typed record type
    /// is decoded into its typed case.
    /// - Throws: `DNSTextError` naming the field at fault.
    public init(parsing text: String, type: RecordType, origin: DNSName? = nil) throws(DNSTextError) {
        let entries = ZoneTokenizer.entries(" (" + text + "\n)")
        if let error = entries.first?.error { throw DNSTextError(.badRData, error) }
        self = try RData(tokens: entries.first?.tokens ?? [], type: type, origin: origin)
    }

    /// Parses record data from zone-file tokens.
    init(tokens: [ZoneToken], type: RecordType, origin: DNSName?) throws(DNSTextError) {
        var cursor = TokenCursor(tokens)
        if let first = tokens.first, !first.quoted, first.raw == Array("\\#".utf8) {
            cursor.index = 1
            self = try RData.parseGeneric(&cursor, type: type)
            return
        }
        switch type {
        case .a:
            let token = try cursor.next("IPv4 address")
            guard let address = IPv4Address(token.text) else {
                throw DNSTextError(.badAddress, "bad IPv4 address '\(token.text)'")
            }
            self = .a(address)
        case .aaaa:
            let token = try cursor.next("IPv6 address")
            guard let address = IPv6Address(token.text) else {
                throw DNSTextError(.badAddress, "bad IPv6 address '\(token.text)'")
            }
            self = .aaaa(address)
        case .cname: self = .cname(try cursor.name("target", origin: origin))
        case .ns: self = .ns(try cursor.name("name server", origin: origin))
        case .ptr: self = .ptr(try cursor.name("target", origin: origin))
        case .mx:
            self = .mx(preference: try cursor.u16("preference"), exchange: try cursor.name("exchange", origin: origin))
        case .txt, .spf:
            var strings: [[UInt8]] = []
            repeat {
                let bytes = try cursor.characterString("text", unlimited: true)
                if bytes.isEmpty { strings.append([]) }
                var start = 0
                while start < bytes.count {
                    strings.append(Array(bytes[start..<min(start + 255, bytes.count)]))
                    start += 255
                }
            } while !cursor.isAtEnd
            self = type == .txt ? .txt(strings) : .spf(strings)
        case .hinfo: self = .hinfo(cpu: try cursor.characterString("CPU"), os: try cursor.characterString("OS"))
        case .rp:
            self = .rp(
                mailbox: try cursor.name("mailbox", origin: origin), text: try cursor.name("TXT name", origin: origin))
        case .afsdb:
            self = .afsdb(subtype: try cursor.u16("subtype"), hostname: try cursor.name("hostname", origin: origin))
        case .kx:
            self = .kx(
                preference: try cursor.u16("preference"), exchanger: try cursor.name("exchanger", origin: origin))
        case .dname: self = .dname(try cursor.name("target", origin: origin))
        case .uri:
            let priority = try cursor.u16("priority")
            let weight = try cursor.u16("weight")
            let target = try cursor.characterString("target", unlimited: true)
            guard !target.isEmpty else { throw DNSTextError(.badRData, "empty URI target") }
            self = .uri(URIData(priority: priority, weight: weight, target: target))
        case .loc: self = .loc(try LOCData(parsing: &cursor, origin: origin))
        case .sshfp: self = .sshfp(try SSHFPData(parsing: &cursor, origin: origin))
        case .tlsa: self = .tlsa(try TLSAData(parsing: &cursor, origin: origin))
        case .smimea: self = .smimea(try TLSAData(parsing: &cursor, origin: origin))
        case .cert: self = .cert(try CERTData(parsing: &cursor, origin: origin))
        case .ipseckey: self = .ipseckey(try IPSECKEYData(parsing: &cursor, origin: origin))
        case .dnskey: self = .dnskey(try DNSKEYData(parsing: &cursor, origin: origin))
        case .cdnskey: self = .cdnskey(try DNSKEYData(parsing: &cursor, origin: origin))
        case .rrsig: self = .rrsig(try RRSIGData(parsing: &cursor, origin: origin))
        case .nsec: self = .nsec(try NSECData(parsing: &cursor, origin: origin))
        case .nsec3: self = .nsec3(try NSEC3Data(parsing: &cursor, origin: origin))
        case .nsec3param: self = .nsec3param(try NSEC3PARAMData(parsing: &cursor, origin: origin))
        case .csync: self = .csync(try CSYNCData(parsing: &cursor, origin: origin))
        case .zonemd: self = .zonemd(try ZONEMDData(parsing: &cursor, origin: origin))
        case .openpgpkey: self = .openpgpkey(try cursor.base64Rest("public key"))
        case .dhcid: self = .dhcid(try cursor.base64Rest("digest"))
        case .eui48: self = .eui48(try RData.parseEUI(cursor.next("EUI-48 address"), bytes: 6))
        case .eui64: self = .eui64(try RData.parseEUI(cursor.next("EUI-64 address"), bytes: 8))
        case .soa:
            self = .soa(
                SOAData(
                    mname: try cursor.name("primary name server", origin: origin),
                    rname: try cursor.name("responsible mailbox", origin: origin),
                    serial: try cursor.u32("serial"), refresh: try cursor.duration("refresh"),
                    retry: try cursor.duration("retry"), expire: try cursor.duration("expire"),
                    minimum: try cursor.duration("minimum")))
        case .srv:
            self = .srv(
                SRVData(
                    priority: try cursor.u16("priority"), weight: try cursor.u16("weight"),
                    port: try cursor.u16("port"), target: try cursor.name("target", origin: origin)))
        case .caa:
            let flags = try cursor.u8("flags")
            let tag = try cursor.next("tag").text
            guard (1...15).contains(tag.utf8.count),
                tag.utf8.allSatisfy({
                    $0 < 0x80 && Character(UnicodeScalar($0)).isLetter || PresentationText.isDigit($0)
                })
            else {
                throw DNSTextError(.badRData, "bad CAA tag '\(tag)'")
            }
            self = .caa(CAAData(flags: flags, tag: tag, value: try cursor.characterString("value", unlimited: true)))
        case .naptr:
            self = .naptr(
                NAPTRData(
                    order: try cursor.u16("order"), preference: try cursor.u16("preference"),
                    flags: try cursor.characterString("flags"), services: try cursor.characterString("services"),
                    regexp: try cursor.characterString("regexp"),
                    replacement: try cursor.name("replacement", origin: origin)))
        case .ds, .cds:
            let ds = DSData(
                keyTag: try cursor.u16("key tag"), algorithm: try cursor.algorithm("algorithm"),
                digestType: try cursor.u8("digest type"), digest: try cursor.hexRest("digest"))
            self = type == .ds ? .ds(ds) : .cds(ds)
        case .svcb, .https:
            let data = try RData.parseSVCB(&cursor, origin: origin)
            self = type == .svcb ? .svcb(data) : .https(data)
        default:
            throw DNSTextError(.badRData, "type \(type) needs data in RFC 3597 '\\# length hex' form")
        }
        try cursor.finish()
    }

    private static func parseGeneric(_ cursor: inout TokenCursor, type: RecordType) throws(DNSTextError) -> RData {
        let length = Int(try cursor.number("\\# length", max: 65535))
        let data = cursor.isAtEnd ? [] : try PresentationText.unhex(cursor.restConcatenated("hex data"))
        guard data.count == length else {
            throw DNSTextError(.badRData, "\\# length \(length) but \(data.count) bytes of data")
        }
        do {
            return try RData(wire: data, type: type)
        } catch {
            throw DNSTextError(.badRData, "\\# data is not valid \(type) data: \(error)")
        }
    }

    /// `xx-xx-…` with `bytes` pairs of hex digits (RFC 7043 §3.2).
    private static func parseEUI(_ token: ZoneToken, bytes: Int) throws(DNSTextError) -> [UInt8] {
        let parts = token.raw.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == bytes, parts.allSatisfy({ $0.count == 2 }),
            let decoded = try? PresentationText.unhex(Array(parts.joined()))
        else {
            throw DNSTextError(.badAddress, "bad EUI-\(bytes * 8) address '\(token.text)'")
        }
        return decoded
    }

    private static func parseSVCB(_ cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) -> SVCBData {
        let priority = try cursor.u16("priority")
        let target = try cursor.name("target", origin: origin)
        var parameters: [SVCParameter] = []
        while !cursor.isAtEnd {
            let raw = try cursor.next("parameter").raw
            let parameter: SVCParameter
            if let equals = raw.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: raw[..<equals], as: UTF8.self)
                parameter = try SVCParameter.parse(keyName: key, raw: Array(raw[(equals + 1)...]))
            } else {
                parameter = try SVCParameter.parse(keyName: String(decoding: raw, as: UTF8.self), raw: nil)
            }
            guard !parameters.contains(where: { $0.key == parameter.key }) else {
                throw DNSTextError(.badRData, "SvcParam '\(SVCParameter.keyName(parameter.key))' repeated")
            }
            parameters.append(parameter)
        }
        for case .mandatory(let keys) in parameters {
            for key in keys where !parameters.contains(where: { $0.key == key }) {
                throw DNSTextError(.badRData, "mandatory key '\(SVCParameter.keyName(key))' is missing")
            }
        }
        return SVCBData(priority: priority, target: target, parameters: parameters)
    }

    /// The data in presentation form, as `init(parsing:type:origin:)` reads it back. Names are absolute.
    public var presentation: String {
        switch self {
        case .a(let address): return address.description
        case .aaaa(let address): return address.description
        case .cname(let name), .ns(let name), .ptr(let name): return name.description
        case .mx(let preference, let exchange): return "\(preference) \(exchange)"
        case .txt(let strings), .spf(let strings): return strings.map(PresentationText.quoted).joined(separator: " ")
        case .hinfo(let cpu, let os): return "\(PresentationText.quoted(cpu)) \(PresentationText.quoted(os))"
        case .rp(let mailbox, let text): return "\(mailbox) \(text)"
        case .afsdb(let number, let name), .kx(let number, let name): return "\(number) \(name)"
        case .dname(let target): return target.description
        case .uri(let uri): return "\(uri.priority) \(uri.weight) \(PresentationText.quoted(uri.target))"
        case .loc(let fields as any RDataFields), .sshfp(let fields as any RDataFields),
            .tlsa(let fields as any RDataFields), .smimea(let fields as any RDataFields),
            .cert(let fields as any RDataFields), .ipseckey(let fields as any RDataFields),
            .dnskey(let fields as any RDataFields), .cdnskey(let fields as any RDataFields),
            .rrsig(let fields as any RDataFields), .nsec(let fields as any RDataFields),
            .nsec3(let fields as any RDataFields), .nsec3param(let fields as any RDataFields),
            .csync(let fields as any RDataFields), .zonemd(let fields as any RDataFields):
            return fields.presentation
        case .openpgpkey(let bytes), .dhcid(let bytes): return PresentationText.base64(bytes)
        case .eui48(let bytes), .eui64(let bytes):
            return bytes.map { PresentationText.hex([$0]) }.joined(separator: "-")
        case .soa(let soa):
            return "\(soa.mname) \(soa.rname) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimum)"
        case .srv(let srv): return "\(srv.priority) \(srv.weight) \(srv.port) \(srv.target)"
        case .caa(let caa): return "\(caa.flags) \(caa.tag) \(PresentationText.quoted(caa.value))"
        case .naptr(let naptr):
            let strings = [naptr.flags, naptr.services, naptr.regexp].map(PresentationText.quoted)
            return "\(naptr.order) \(naptr.preference) \(strings.joined(separator: " ")) \(naptr.replacement)"
        case .ds(let ds), .cds(let ds):
            return "\(ds.keyTag) \(ds.algorithm) \(ds.digestType) \(PresentationText.hex(ds.digest).uppercased())"
        case .svcb(let data), .https(let data):
            return ([String(data.priority), data.target.description] + data.parameters.map(\.presentation))
                .joined(separator: " ")
        case .unknown(let bytes):
            return bytes.isEmpty ? "\\# 0" : "\\# \(bytes.count) \(PresentationText.hex(bytes))"
        }
    }
}
