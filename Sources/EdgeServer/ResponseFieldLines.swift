import NIOCore
import NIOHTTP1

/// Response header fields already in HTTP/1.1 wire form (`name: value\r\n` per field), built once by
/// the proxy path from the origin's bytes, so an HTTP/1.1 viewer gets them with one copy and no
/// `String` per field. The sink adds `Date` and `Server` when absent, and the framing fields.
struct ResponseFieldLines {
    /// The field lines.
    private(set) var lines: ByteBuffer
    /// Whether a `Date` field is among the lines.
    var hasDate = false
    /// Whether a `Server` field is among the lines.
    var hasServer = false

    /// Creates an empty block with room for `capacity` bytes.
    init(capacity: Int) {
        lines = ByteBufferAllocator().buffer(capacity: capacity)
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

    /// Calls `body` with every field, in order (names as written).
    func forEach(_ body: (_ name: String, _ value: String) -> Void) {
        lines.withUnsafeReadableBytes { bytes in
            var start = 0
            while start < bytes.count {
                var colon = start
                while bytes[colon] != 0x3A { colon += 1 }
                var end = colon + 2
                while bytes[end] != 0x0D { end += 1 }
                body(
                    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<colon]), as: UTF8.self),
                    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(colon + 2)..<end]), as: UTF8.self))
                start = end + 2
            }
        }
    }

    /// The fields as `HTTPHeaders` (for sinks that do not write HTTP/1.1 bytes).
    var httpHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        forEach { headers.add(name: $0, value: $1) }
        return headers
    }
}
