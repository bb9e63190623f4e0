/// Where a record came from.
public struct ZoneLocation: Hashable, Sendable, CustomStringConvertible {
    /// The zone file or included file.
    public var file: String
    /// 1-based line.
    public var line: Int

    /// Creates a location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}

/// A parsed zone: its origin and records in file order. Not yet checked; see `ZoneChecker`.
public struct Zone: Hashable, Sendable {
    /// The zone's apex.
    public var origin: DNSName
    /// The zone's class (IN unless the file says otherwise).
    public var zoneClass: RecordClass
    /// The records in file order (includes expanded in place).
    public var records: [ResourceRecord]
    /// `locations[i]` is where `records[i]` was read; empty for zones built in code.
    public var locations: [ZoneLocation]

    /// Creates a zone.
    public init(
        origin: DNSName, zoneClass: RecordClass = .in, records: [ResourceRecord], locations: [ZoneLocation] = []
    ) {
        self.origin = origin
        self.zoneClass = zoneClass
        self.records = records
        self.locations = locations
    }

    /// The SOA data at the apex, if there is one.
    public var soa: SOAData? {
        for record in records where record.owner == origin {
            if case .soa(let soa) = record.data { return soa }
        }
        return nil
    }

    /// Where the record at `index` was read, if known.
    public func location(ofRecordAt index: Int) -> ZoneLocation? {
        locations.indices.contains(index) ? locations[index] : nil
    }
}
