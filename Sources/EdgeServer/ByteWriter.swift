import NIOCore

/// Appends the pieces of a message head to memory reserved once in a `ByteBuffer`.
///
/// Heads are built from a few dozen small pieces; `ByteBuffer.writeString` and `writeStaticString`
/// check capacity and uniqueness on every call (about 110 instructions each, 40 calls per proxied
/// request). The writer copies each piece with one bounds check. It never writes past its region:
/// a piece that does not fit sets `overflowed` and is only counted, so `ByteBuffer.writeHead`
/// can run the body again with the exact size.
struct ByteWriter {
    private let base: UnsafeMutableRawPointer?
    private let capacity: Int
    /// Bytes the body asked to write (written ones, and counted ones after an overflow).
    private(set) var wanted = 0
    /// Set once a piece did not fit.
    private(set) var overflowed = false

    /// A writer over `region` (its bytes are overwritten from the start).
    init(_ region: UnsafeMutableRawBufferPointer) {
        base = region.baseAddress
        capacity = region.count
    }

    /// Appends raw bytes.
    @inline(__always)
    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if !overflowed && wanted + n <= capacity, n > 0, let base, let source = bytes.baseAddress {
            (base + wanted).copyMemory(from: source, byteCount: n)
        } else if n > 0 {
            overflowed = true
        }
        wanted += n
    }

    /// Appends a static string's UTF-8.
    @inline(__always)
    mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8.
    @inline(__always)
    mutating func write(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) == nil {
            var copy = text
            copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Appends the readable bytes of `buffer`.
    mutating func write(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { write($0) }
    }

    /// Appends a non-negative integer in decimal.
    mutating func writeDecimal(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for any Int
        withUnsafeMutableBytes(of: &digits) { scratch in
            var v = value.magnitude
            var i = scratch.count
            repeat {
                i -= 1
                scratch[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            } while v > 0
            if value < 0 {
                i -= 1
                scratch[i] = 0x2D
            }
            write(UnsafeRawBufferPointer(rebasing: scratch[i...]))
        }
    }
}

extension ByteBuffer {
    /// Writes what `body` produces through a ``ByteWriter`` over `estimate` reserved bytes; when the
    /// estimate was short, runs `body` once more with the exact size (so `body` must write the same
    /// bytes each time it runs).
    mutating func writeHead(estimate: Int, _ body: (inout ByteWriter) -> Void) {
        var needed = 0
        var overflowed = false
        writeWithUnsafeMutableBytes(minimumWritableBytes: estimate) { region in
            var writer = ByteWriter(region)
            body(&writer)
            needed = writer.wanted
            overflowed = writer.overflowed
            return overflowed ? 0 : writer.wanted
        }
        guard overflowed else { return }
        writeWithUnsafeMutableBytes(minimumWritableBytes: needed) { region in
            var writer = ByteWriter(region)
            body(&writer)
            precondition(!writer.overflowed, "ByteWriter body wrote different bytes on its second run")
            return writer.wanted
        }
    }
}
