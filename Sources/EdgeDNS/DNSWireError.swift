/// Why a DNS message (or record data) in wire form could not be decoded. Every malformed input ends in
/// one of these, never in a crash; the server answers FORMERR or drops the packet.
public enum DNSWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The data ended before a field at this offset was complete.
    case truncated(offset: Int)
    /// A label length byte uses the reserved 0x40/0x80 forms (a label longer than 63 bytes).
    case badLabelType(offset: Int)
    /// A compression pointer at this offset points forward, at itself, or into a loop.
    case badPointer(offset: Int)
    /// A name starting at this offset is longer than 255 bytes.
    case nameTooLong(offset: Int)
    /// The header's record counts cannot fit in the packet.
    case tooManyRecords
    /// A record's data did not consume exactly its RDLENGTH.
    case rdataLengthMismatch(type: RecordType, offset: Int)
    /// A record's data is malformed for its type.
    case badRData(type: RecordType, offset: Int, reason: String)
    /// More than one OPT record, an OPT record outside the additional section, or an OPT owner that
    /// is not the root.
    case badOPT(reason: String)
    /// An EDNS Client Subnet option (RFC 7871) is malformed.
    case badClientSubnet(reason: String)
    /// Bytes follow the last record.
    case trailingBytes(count: Int)

    /// A short human description.
    public var description: String {
        switch self {
        case .truncated(let offset): "truncated at offset \(offset)"
        case .badLabelType(let offset): "bad label type at offset \(offset)"
        case .badPointer(let offset): "bad compression pointer at offset \(offset)"
        case .nameTooLong(let offset): "name longer than 255 bytes at offset \(offset)"
        case .tooManyRecords: "record counts exceed the packet size"
        case .rdataLengthMismatch(let type, let offset): "\(type) data length mismatch at offset \(offset)"
        case .badRData(let type, let offset, let reason): "bad \(type) data at offset \(offset): \(reason)"
        case .badOPT(let reason): "bad OPT record: \(reason)"
        case .badClientSubnet(let reason): "bad client subnet option: \(reason)"
        case .trailingBytes(let count): "\(count) trailing bytes"
        }
    }
}
