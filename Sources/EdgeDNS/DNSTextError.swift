/// A problem with DNS data in presentation (zone file) form: a name, a number, an address or a
/// record's data that does not parse. `ZoneFileParser` turns it into a `ZoneFileProblem` with a location.
public struct DNSTextError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of presentation-format failures. The raw value is stable.
    public enum Kind: String, Sendable, Hashable {
        /// A domain name is malformed (empty label, bad escape).
        case badName
        /// A relative name was given where no origin is known.
        case relativeName
        /// A name is longer than 255 bytes in wire form.
        case nameTooLong
        /// A label is longer than 63 bytes.
        case labelTooLong
        /// An integer is malformed or out of range.
        case badNumber
        /// A TTL is malformed or above 2^31-1.
        case badTTL
        /// An IPv4 or IPv6 address is malformed.
        case badAddress
        /// A `\DDD` or `\X` escape is malformed.
        case badEscape
        /// Hex or base64 data is malformed.
        case badEncoding
        /// A record type mnemonic is unknown.
        case badType
        /// A record class mnemonic is unknown.
        case badClass
        /// A field of the record data is missing.
        case missingField
        /// There are more fields than the record type takes.
        case extraField
        /// Any other record-data problem (bad CAA tag, duplicate SVCB key, `\#` length mismatch...).
        case badRData
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// A human message naming the offending text.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
