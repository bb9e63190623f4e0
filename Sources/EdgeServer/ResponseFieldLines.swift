import EdgeCore
import NIOCore
import NIOHTTP1

/// Response header fields already in HTTP/1.1 wire form (`name: value\r\n` per field), built once by
/// the proxy path from the origin's bytes, so an HTTP/1.1 viewer gets them with one copy and no
/// `String` per field. The sink adds `Date` and `Server` when absent, and the framing fields.
///
/// The buffer keeps `statusLineRoom` bytes free before the lines and room after them, so an
/// HTTP/1.1 sink turns it into the whole response head in place: the status line goes into the
/// front room, the framing fields and a small body after the lines (no second buffer, no copy).
struct ResponseFieldLines {
    /// The field lines (from the reader index).
    private(set) var lines: ByteBuffer
    /// Whether a `Date` field is among the lines.
    var hasDate = false
    /// Whether a `Server` field is among the lines.
    var hasServer = false
    /// Free bytes kept before the lines: enough for any status line NIO knows a reason phrase for.
    static let statusLineRoom = 64

    /// Creates an empty block with room for `capacity` bytes of lines and `trailingRoom` after them.
    init(capacity: Int, trailingRoom: Int = 0) {
        lines = ByteBufferAllocator().buffer(capacity: Self.statusLineRoom + capacity + trailingRoom)
        lines.moveWriterIndex(forwardBy: Self.statusLineRoom)
        lines.moveReaderIndex(forwardBy: Self.statusLineRoom)
    }

    /// The buffer, for the sink that completes the head in it (`headRoom` free bytes before the
    /// reader index). Consumes the block, so the buffer is not shared and grows in place.
    consuming func takeBuffer() -> (buffer: ByteBuffer, headRoom: Int) {
        (lines, lines.readerIndex)
    }

    /// Appends a field given as raw bytes (from the origin's head).
    mutating func append(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        lines.writeHead(estimate: name.count + value.count + 4) { w in
            w.write(name)
            w.write(": ")
            w.write(value)
            w.write("\r\n")
        }
    }

    /// Appends lines copied as they are (each must end in CRLF).
    mutating func append(lines source: ByteBuffer, range: Range<Int>) {
        guard !range.isEmpty else { return }
        lines.writeImmutableBuffer(source.getSlice(at: source.readerIndex + range.lowerBound, length: range.count)!)
    }

    /// Appends a field.
    mutating func append(name: String, value: String) {
        lines.writeHead(estimate: name.utf8.count + value.utf8.count + 4) { w in
            w.write(name)
            w.write(": ")
            w.write(value)
            w.write("\r\n")
        }
    }

    /// Appends a field with a static name.
    mutating func append(_ name: StaticString, value: String) {
        lines.writeHead(estimate: name.utf8CodeUnitCount + value.utf8.count + 4) { w in
            w.write(name)
            w.write(": ")
            w.write(value)
            w.write("\r\n")
        }
    }

    /// Calls `body` with every field, in order: the name as written (or in lowercase, for HTTP/2),
    /// the value without surrounding whitespace. Lines copied from an origin may have no space
    /// after the colon, or more than one.
    func forEach(lowercasingNames: Bool = false, _ body: (_ name: String, _ value: String) -> Void) {
        lines.withUnsafeReadableBytes { bytes in
            var start = 0
            while start < bytes.count {
                let colon = bytes.index(of: 0x3A, from: start, to: bytes.count)!
                let lf = bytes.indexOfLF(from: colon)!
                var end = lf
                if end > colon + 1 && bytes[end - 1] == 0x0D { end -= 1 }
                let name = UnsafeRawBufferPointer(rebasing: bytes[start..<colon])
                body(
                    lowercasingNames ? Self.lowercased(name) : String(decoding: name, as: UTF8.self),
                    String(
                        decoding: UnsafeRawBufferPointer(rebasing: bytes[bytes.trimmingWhitespace(colon + 1, end)]),
                        as: UTF8.self))
                start = lf + 1
            }
        }
    }

    /// An ASCII field name in lowercase, built in one go (no `lowercased()` copy).
    private static func lowercased(_ name: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: name.count) { out in
            for i in 0..<name.count {
                let b = name[i]
                out[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return name.count
        }
    }

    /// The fields as `HTTPHeaders` (for sinks that do not write HTTP/1.1 bytes).
    var httpHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        forEach { headers.add(name: $0, value: $1) }
        return headers
    }
}
