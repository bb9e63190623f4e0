/// The EDNS(0) OPT pseudo-record of a message (RFC 6891).
public struct EDNS: Hashable, Sendable {
    /// The sender's UDP payload size (values below 512 are treated as 512 by `DNSMessage`'s users).
    public var udpPayloadSize: UInt16
    /// The EDNS version (0).
    public var version: UInt8
    /// DO: the sender wants DNSSEC records.
    public var dnssecOK: Bool
    /// The options, raw and in order.
    public var options: [EDNSOption]

    /// Creates an OPT record.
    public init(udpPayloadSize: UInt16 = 1232, version: UInt8 = 0, dnssecOK: Bool = false, options: [EDNSOption] = []) {
        self.udpPayloadSize = udpPayloadSize
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }

    /// The first Client Subnet option (code 8), if present and well formed.
    public var clientSubnet: ClientSubnet? {
        get {
            options.first { $0.code == EDNSOption.clientSubnetCode }.flatMap { try? ClientSubnet(optionData: $0.data) }
        }
        set {
            options.removeAll { $0.code == EDNSOption.clientSubnetCode }
            if let newValue { options.append(EDNSOption(code: EDNSOption.clientSubnetCode, data: newValue.optionData)) }
        }
    }

    /// Bytes the record takes in a message.
    var wireSize: Int { 11 + options.reduce(0) { $0 + 4 + $1.data.count } }
}

/// One EDNS option, kept as bytes.
public struct EDNSOption: Hashable, Sendable {
    /// The option code for EDNS Client Subnet (RFC 7871).
    public static let clientSubnetCode: UInt16 = 8

    /// The option code.
    public var code: UInt16
    /// The option data.
    public var data: [UInt8]

    /// Creates an option.
    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }
}

/// An EDNS Client Subnet option (RFC 7871): the client's network, as a resolver discloses it.
public struct ClientSubnet: Hashable, Sendable {
    /// Address family: 1 for IPv4, 2 for IPv6.
    public var family: UInt16
    /// How many leading bits of the address are significant.
    public var sourcePrefixLength: UInt8
    /// How many bits the answer is valid for (0 in queries).
    public var scopePrefixLength: UInt8
    /// The address, only the bytes the source prefix covers, bits past the prefix zero.
    public var address: [UInt8]

    /// Creates an option from a full address, keeping only `sourcePrefixLength` bits.
    /// - Throws: `DNSWireError.badClientSubnet` if the family or prefix length is wrong for the address.
    public init(family: UInt16, address fullAddress: [UInt8], sourcePrefixLength: UInt8, scopePrefixLength: UInt8 = 0)
        throws(DNSWireError)
    {
        let width = try Self.addressBytes(family)
        guard fullAddress.count == width, Int(sourcePrefixLength) <= width * 8, Int(scopePrefixLength) <= width * 8
        else {
            throw .badClientSubnet(reason: "prefix or address length does not fit family \(family)")
        }
        self.family = family
        self.sourcePrefixLength = sourcePrefixLength
        self.scopePrefixLength = scopePrefixLength
        self.address = Self.masked(fullAddress, bits: Int(sourcePrefixLength))
    }

    /// Decodes and validates option data.
    /// - Throws: `DNSWireError.badClientSubnet` for an unknown family, a prefix too long for it, an address
    ///   not exactly covering the prefix, or bits set past the prefix.
    public init(optionData data: [UInt8]) throws(DNSWireError) {
        guard data.count >= 4 else { throw .badClientSubnet(reason: "shorter than 4 bytes") }
        family = UInt16(data[0]) << 8 | UInt16(data[1])
        sourcePrefixLength = data[2]
        scopePrefixLength = data[3]
        let width = try Self.addressBytes(family)
        guard Int(sourcePrefixLength) <= width * 8, Int(scopePrefixLength) <= width * 8 else {
            throw .badClientSubnet(reason: "prefix longer than the address")
        }
        address = Array(data[4...])
        guard address.count == (Int(sourcePrefixLength) + 7) / 8 else {
            throw .badClientSubnet(reason: "address length does not match the source prefix")
        }
        guard Self.masked(address, bits: Int(sourcePrefixLength)) == address else {
            throw .badClientSubnet(reason: "address bits set past the source prefix")
        }
    }

    /// The option data.
    public var optionData: [UInt8] {
        [UInt8(family >> 8), UInt8(family & 0xFF), sourcePrefixLength, scopePrefixLength] + address
    }

    /// The address padded with zeros to its family's full width (4 or 16 bytes).
    public var fullAddress: [UInt8] {
        address + Array(repeating: 0, count: max(0, (family == 1 ? 4 : 16) - address.count))
    }

    private static func addressBytes(_ family: UInt16) throws(DNSWireError) -> Int {
        switch family {
        case 1: 4
        case 2: 16
        default: throw .badClientSubnet(reason: "unknown address family \(family)")
        }
    }

    /// The first `(bits + 7) / 8` bytes of `bytes`, bits past `bits` cleared.
    private static func masked(_ bytes: [UInt8], bits: Int) -> [UInt8] {
        var out = Array(bytes.prefix((bits + 7) / 8))
        if bits % 8 != 0, !out.isEmpty { out[out.count - 1] &= UInt8(0xFF << (8 - bits % 8) & 0xFF) }
        return out
    }
}
