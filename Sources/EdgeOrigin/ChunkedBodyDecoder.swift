import NIOCore

/// Why a chunked body was refused.
public enum ChunkedBodyError: Error, Sendable, Equatable {
    /// A bad chunk-size line or a missing CRLF after chunk data.
    case invalidChunk
    /// A trailer section over 16 KiB, or unterminated.
    case invalidTrailers
}

/// Decodes the `chunked` transfer coding (RFC 9112 §7.1) of a request or response body: chunk data
/// as slices of the input (no copy), chunk extensions and trailer fields skipped. Pure; shared by
/// the origin response parser and the viewer request parser.
public struct ChunkedBodyDecoder: Sendable {
    /// What the decoder produced.
    public enum Event: Sendable {
        /// A piece of chunk data.
        case data(ByteBuffer)
        /// The last chunk and the trailer section have been read.
        case end
    }

    enum State: Sendable, Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(seen: Int)
        case done
    }

    private(set) var state: State = .size
    /// The longest chunk-size line accepted (with extensions).
    static let maxChunkLine = 4096
    /// The largest trailer section accepted.
    static let maxTrailerBytes = 16 * 1024

    /// Creates a decoder at the start of a body.
    public init() {}

    /// Whether the whole body has been decoded.
    public var isDone: Bool { state == .done }

    /// The next event from `buffer` (consumed as it is decoded), or nil when more input is needed.
    public mutating func next(_ buffer: inout ByteBuffer) throws(ChunkedBodyError) -> Event? {
        while true {
            switch state {
            case .done:
                return nil
            case .size:
                guard let size = try parseChunkSize(&buffer) else { return nil }
                state = size == 0 ? .trailers(seen: 0) : .data(remaining: size)
            case .data(let remaining):
                guard let (piece, left) = buffer.readBodyPiece(remaining: remaining) else { return nil }
                state = left == 0 ? .dataEnd : .data(remaining: left)
                return .data(piece)
            case .dataEnd:
                guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
                if first == 0x0A {
                    buffer.moveReaderIndex(forwardBy: 1)
                } else if first == 0x0D {
                    guard let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else {
                        return nil
                    }
                    guard second == 0x0A else { throw .invalidChunk }
                    buffer.moveReaderIndex(forwardBy: 2)
                } else {
                    throw .invalidChunk
                }
                state = .size
            case .trailers(let seen):
                guard try skipTrailers(&buffer, seen: seen) else { return nil }
                state = .done
                return .end
            }
        }
    }

    /// `chunk-size [chunk-ext] CRLF`; nil until the line is complete.
    private func parseChunkSize(_ buffer: inout ByteBuffer) throws(ChunkedBodyError) -> Int? {
        let result: Result<(size: Int, length: Int)?, ChunkedBodyError> = buffer.withUnsafeReadableBytes {
            bytes in
            guard let lf = bytes.firstIndex(of: 0x0A) else {
                return bytes.count > Self.maxChunkLine ? .failure(.invalidChunk) : .success(nil)
            }
            guard lf <= Self.maxChunkLine else { return .failure(.invalidChunk) }
            var i = 0
            var size = 0
            while i < lf, let digit = hexValue(bytes[i]) {
                guard i < 15 else { return .failure(.invalidChunk) }  // more than 15 hex digits: overflow
                size = size << 4 | digit
                i += 1
            }
            guard i > 0 else { return .failure(.invalidChunk) }
            // Optional whitespace, then extensions (ignored), then CR LF.
            var end = lf
            if end > i && bytes[end - 1] == 0x0D { end -= 1 }
            while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            if i < end {
                guard bytes[i] == 0x3B else { return .failure(.invalidChunk) }
                for j in i..<end where bytes[j] < 0x20 && bytes[j] != 0x09 { return .failure(.invalidChunk) }
            }
            return .success((size, lf + 1))
        }
        switch result {
        case .failure(let error): throw error
        case .success(nil): return nil
        case .success(let parsed?):
            buffer.moveReaderIndex(forwardBy: parsed.length)
            return parsed.size
        }
    }

    /// Skips trailer fields up to the empty line; false until it has arrived.
    private mutating func skipTrailers(_ buffer: inout ByteBuffer, seen: Int) throws(ChunkedBodyError) -> Bool {
        var seen = seen
        while true {
            let line: Int? = buffer.withUnsafeReadableBytes { $0.firstIndex(of: 0x0A) }
            guard let lf = line else {
                if seen + buffer.readableBytes > Self.maxTrailerBytes { throw .invalidTrailers }
                state = .trailers(seen: seen)
                return false
            }
            let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
            let empty = lf == 0 || (lf == 1 && first == 0x0D)
            buffer.moveReaderIndex(forwardBy: lf + 1)
            if empty { return true }
            seen += lf + 1
            if seen > Self.maxTrailerBytes { throw .invalidTrailers }
        }
    }
}

@inline(__always)
private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case 0x30...0x39: Int(byte - 0x30)
    case 0x41...0x46: Int(byte - 0x41 + 10)
    case 0x61...0x66: Int(byte - 0x61 + 10)
    default: nil
    }
}

extension ByteBuffer {
    /// Reads the next piece of a body of which `remaining` bytes are still due: at most that many,
    /// as a slice (no copy). Nil when no byte is readable; otherwise the piece and what is still due.
    public mutating func readBodyPiece(remaining: Int) -> (piece: ByteBuffer, left: Int)? {
        guard readableBytes > 0 else { return nil }
        let n = Swift.min(remaining, readableBytes)
        return (readSlice(length: n)!, remaining - n)
    }
}
