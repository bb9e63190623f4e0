/// Checks an inbound HTTP/2 request header block (or trailers) field by field, as RFC 9113 §8.2–8.3
/// requires and as swift-nio-http2's own validation does, in one pass over the bytes: the edge turns
/// NIO's validation off because NIO also re-validates every header block the edge sends (measured at
/// ~24k instructions per response), and keeps this inbound check (request smuggling).
///
/// Rules: names are non-empty lowercase tokens; pseudo-header fields come first, once each, only
/// `:method`, `:scheme`, `:path`, `:authority` (and `:protocol` with CONNECT), never in trailers;
/// `:path` is not empty; `:method`, `:scheme` and `:path` are present except for CONNECT (which has
/// `:authority` and no `:scheme`/`:path`); no connection-specific field (`connection`, `keep-alive`,
/// `proxy-connection`, `transfer-encoding`, `upgrade`); `te` only `trailers`; values have no NUL, CR
/// or LF and no leading or trailing space or tab (pseudo-header values no whitespace at all).
///
/// ```swift
/// var validator = HTTP2FieldValidator(isTrailers: false)
/// for (name, value, _) in headers where !validator.accept(name: name, value: value) { break }
/// if let problem = validator.finish() { /* RST_STREAM PROTOCOL_ERROR */ }
/// ```
public struct HTTP2FieldValidator: Sendable {
    private let isTrailers: Bool
    private var inRegularFields = false
    private var seen: UInt8 = 0
    private var isConnect = false
    /// The first problem found, if any.
    public private(set) var problem: String?

    private static let path: UInt8 = 1
    private static let method: UInt8 = 2
    private static let scheme: UInt8 = 4
    private static let authority: UInt8 = 8
    private static let protocolField: UInt8 = 16

    /// Starts a block; trailers allow no pseudo-header fields.
    public init(isTrailers: Bool) {
        self.isTrailers = isTrailers
    }

    /// Checks one field. Returns false once the block is invalid (see `problem`).
    public mutating func accept(name: String, value: String) -> Bool {
        guard problem == nil else { return false }
        var nameStorage = name
        var valueStorage = value
        return nameStorage.withUTF8 { nameBytes in
            valueStorage.withUTF8 { valueBytes in
                check(name: nameBytes, value: valueBytes, nameText: name, valueText: value)
            }
        }
    }

    /// Ends the block: the problem, or nil when the block is valid.
    public mutating func finish() -> String? {
        if problem == nil, !isTrailers {
            if isConnect {
                if seen & Self.protocolField != 0 {
                    if seen & (Self.path | Self.scheme) != (Self.path | Self.scheme) {
                        problem = "extended CONNECT needs :scheme and :path"
                    }
                } else if seen & Self.authority == 0 || seen & (Self.path | Self.scheme) != 0 {
                    problem = "CONNECT needs :authority and no :scheme or :path"
                }
            } else {
                if seen & (Self.method | Self.scheme | Self.path) != (Self.method | Self.scheme | Self.path) {
                    problem = "a request needs :method, :scheme and :path"
                } else if seen & Self.protocolField != 0 {
                    problem = ":protocol is only allowed with CONNECT"
                }
            }
        }
        return problem
    }

    private mutating func fail(_ message: String) -> Bool {
        problem = message
        return false
    }

    private mutating func check(
        name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, nameText: String, valueText: String
    ) -> Bool {
        guard let first = name.first else { return fail("empty field name") }
        if first == UInt8(ascii: ":") {
            if isTrailers { return fail("pseudo-header field \(nameText) in trailers") }
            if inRegularFields { return fail("pseudo-header field \(nameText) after a regular field") }
            let bit: UInt8
            switch nameText {
            case ":path": bit = Self.path
            case ":method": bit = Self.method
            case ":scheme": bit = Self.scheme
            case ":authority": bit = Self.authority
            case ":protocol": bit = Self.protocolField
            default: return fail("unknown pseudo-header field \(nameText)")
            }
            if seen & bit != 0 { return fail("pseudo-header field \(nameText) repeated") }
            seen |= bit
            for byte in value where byte <= 0x20 || byte == 0x7F { return fail("invalid \(nameText) value") }
            if bit == Self.path && value.isEmpty { return fail("empty :path") }
            if bit == Self.method && valueText == "CONNECT" { isConnect = true }
            return true
        }
        inRegularFields = true
        for byte in name where !Self.isLowercaseTokenByte(byte) {
            return fail("invalid field name \(nameText)")
        }
        switch name.count {
        case 2 where nameText == "te":
            if valueText != "trailers" { return fail("te other than trailers") }
        case 7 where nameText == "upgrade", 10 where nameText == "connection" || nameText == "keep-alive",
            16 where nameText == "proxy-connection", 17 where nameText == "transfer-encoding":
            return fail("connection-specific field \(nameText)")
        default:
            break
        }
        if let firstByte = value.first, let lastByte = value.last,
            firstByte == 0x20 || firstByte == 0x09 || lastByte == 0x20 || lastByte == 0x09
        {
            return fail("field \(nameText) value with leading or trailing whitespace")
        }
        for byte in value where byte == 0 || byte == 0x0A || byte == 0x0D {
            return fail("field \(nameText) value with NUL, CR or LF")
        }
        return true
    }

    /// RFC 9110 token characters, with upper-case letters excluded (HTTP/2 field names are lowercase).
    private static func isLowercaseTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x30...0x39, 0x5E...0x7A, 0x7C, 0x7E: true
        default: false
        }
    }
}
