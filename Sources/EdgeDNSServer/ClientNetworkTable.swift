import EdgeDNS

/// The `dns.clientNetworks` table: longest-prefix match of a client's address, or of the EDNS Client
/// Subnet a resolver sent for it (RFC 7871), to a `ClientNetworkLocation`. Immutable; lookups cost at
/// most one hash probe per distinct prefix length in the table.
///
/// ```swift
/// let table = try ClientNetworkTable(networks: [
///     ClientNetwork(cidr: "10.1.0.0/16", region: "eu-west-1", countryCode: "IE", continentCode: "EU"),
/// ])
/// table.location(for: .v4(IPv4Address("10.1.2.3")!))?.region    // "eu-west-1"
/// ```
public struct ClientNetworkTable: Sendable {
    /// The empty table: every client's location is unknown.
    public static let empty = ClientNetworkTable()

    private struct V6Key: Hashable, Sendable {
        var high: UInt64
        var low: UInt64

        init(_ bytes: [UInt8]) {
            high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        }

        /// The key with bits past `length` cleared (smart shifts: over-shifting gives 0).
        func masked(_ length: Int) -> V6Key {
            var copy = self
            copy.high &= length >= 64 ? .max : UInt64.max << (64 - length)
            copy.low &= length >= 128 ? .max : UInt64.max << (128 - length)
            return copy
        }
    }

    private struct Level<Key: Hashable & Sendable>: Sendable {
        var length: Int
        var networks: [Key: ClientNetworkLocation]
    }

    /// IPv4 prefixes by length, longest first.
    private var v4: [Level<UInt32>] = []
    /// IPv6 prefixes by length, longest first.
    private var v6: [Level<V6Key>] = []

    /// How many prefixes the table has.
    public private(set) var count = 0

    /// The empty table.
    public init() {}

    /// Builds the table.
    /// - Throws: `PolicyError` (list `clientNetworks`) for a CIDR that does not parse or has bits set
    ///   past its length, a prefix given twice, an entry without region, countryCode or continentCode, or
    ///   a malformed code.
    public init(networks: [ClientNetwork]) throws(PolicyError) {
        var problems: [PolicyProblem] = []
        var v4: [Int: [UInt32: ClientNetworkLocation]] = [:]
        var v6: [Int: [V6Key: ClientNetworkLocation]] = [:]
        var seen: [String: Int] = [:]
        for (index, network) in networks.enumerated() {
            func problem(_ message: String) {
                problems.append(PolicyProblem(list: "clientNetworks", index: index, message: message))
            }
            let messages = Self.check(network.location)
            messages.forEach(problem)
            let prefix: ClientNetworkPrefix
            switch ClientNetworkPrefix.parse(network.cidr) {
            case .success(let parsed): prefix = parsed
            case .failure(let message):
                problem(message.text)
                continue
            }
            if let first = seen[prefix.description] {
                problem("\(prefix) is already in clientNetworks[\(first)]")
                continue
            }
            seen[prefix.description] = index
            guard messages.isEmpty else { continue }
            switch prefix.address {
            case .v4(let address): v4[prefix.length, default: [:]][address.value] = network.location
            case .v6(let address): v6[prefix.length, default: [:]][V6Key(address.bytes)] = network.location
            }
        }
        guard problems.isEmpty else { throw PolicyError(problems: problems) }
        self.v4 = v4.sorted { $0.key > $1.key }.map { Level(length: $0.key, networks: $0.value) }
        self.v6 = v6.sorted { $0.key > $1.key }.map { Level(length: $0.key, networks: $0.value) }
        count = networks.count
    }

    private static func check(_ location: ClientNetworkLocation) -> [String] {
        var messages: [String] = []
        if location.region == nil, location.countryCode == nil, location.continentCode == nil {
            messages.append("give region, countryCode or continentCode")
        }
        if let continent = location.continentCode, !PolicyGeoLocation.continentCodes.contains(continent) {
            messages.append(
                "unknown continentCode '\(continent)' (expected one of \(PolicyGeoLocation.continentCodes.sorted()))")
        }
        if let country = location.countryCode,
            country.utf8.count != 2 || !country.utf8.allSatisfy({ (0x41...0x5A).contains($0) })
        {
            messages.append("countryCode '\(country)' is not two letters")
        }
        if location.subdivisionCode != nil, location.countryCode == nil {
            messages.append("subdivisionCode needs a countryCode")
        }
        return messages
    }

    /// The location of the query's client: the context's own `location` when set, else from its EDNS
    /// Client Subnet when it has one with a non-zero source prefix, else from the address the query
    /// came from.
    public func location(for context: QueryContext) -> ClientNetworkLocation? {
        if let location = context.location { return location }
        if let subnet = context.clientSubnet, subnet.sourcePrefixLength > 0 { return location(for: subnet) }
        return context.client.flatMap { location(for: $0) }
    }

    /// The location of one address (an IPv4-mapped IPv6 address is looked up as IPv4).
    public func location(for address: ClientAddress) -> ClientNetworkLocation? {
        switch address {
        case .v4(let address): location(ipv4: address, prefixLength: 32)
        case .v6(let address): location(ipv6: address, prefixLength: 128)
        }
    }

    /// The location of an EDNS Client Subnet: the longest table prefix no longer than its source prefix
    /// that contains it.
    public func location(for subnet: ClientSubnet) -> ClientNetworkLocation? {
        let bytes = subnet.fullAddress
        let length = Int(subnet.sourcePrefixLength)
        switch subnet.family {
        case 1:
            guard let address = IPv4Address(bytes: bytes) else { return nil }
            return location(ipv4: address, prefixLength: length)
        case 2:
            guard let address = IPv6Address(bytes: bytes) else { return nil }
            return location(ipv6: address, prefixLength: length)
        default:
            return nil
        }
    }

    /// The longest-prefix match of the first `prefixLength` bits of an IPv4 address.
    public func location(ipv4 address: IPv4Address, prefixLength: Int = 32) -> ClientNetworkLocation? {
        for level in v4 where level.length <= prefixLength {
            let mask: UInt32 = level.length == 0 ? 0 : UInt32.max << (32 - level.length)
            if let found = level.networks[address.value & mask] { return found }
        }
        return nil
    }

    /// The longest-prefix match of the first `prefixLength` bits of an IPv6 address; an IPv4-mapped
    /// address (`::ffff:a.b.c.d`) is looked up as IPv4.
    public func location(ipv6 address: IPv6Address, prefixLength: Int = 128) -> ClientNetworkLocation? {
        let bytes = address.bytes
        if prefixLength >= 96, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF,
            let mapped = IPv4Address(bytes: Array(bytes[12..<16]))
        {
            return location(ipv4: mapped, prefixLength: prefixLength - 96)
        }
        let key = V6Key(bytes)
        for level in v6 where level.length <= prefixLength {
            if let found = level.networks[key.masked(level.length)] { return found }
        }
        return nil
    }
}
