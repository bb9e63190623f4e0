import NIOCore

/// Decodes a message body framed by `Content-Length` or the chunked coding, for the request and the
/// response parsers alike: pieces are slices of the input, then `.end`.
public struct MessageBodyDecoder: Sendable {
    /// How the body is delimited.
    public enum Framing: Sendable {
        /// Exactly this many bytes (zero: no body).
        case length(Int)
        /// The chunked transfer coding.
        case chunked
    }

    private enum State: Sendable {
        case fixed(remaining: Int)
        case chunked(ChunkedBodyDecoder)
        case endPending
        case done
    }

    private var state: State

    /// A decoder for a body with this framing.
    public init(_ framing: Framing) {
        switch framing {
        case .length(let n): state = n > 0 ? .fixed(remaining: n) : .endPending
        case .chunked: state = .chunked(ChunkedBodyDecoder())
        }
    }

    /// The next piece (`.data`) or the end, consuming `buffer`; nil when more input is needed or
    /// the body is over.
    public mutating func next(_ buffer: inout ByteBuffer) throws(ChunkedBodyError) -> ChunkedBodyDecoder.Event? {
        switch state {
        case .fixed(let remaining):
            guard let (piece, left) = buffer.readBodyPiece(remaining: remaining) else { return nil }
            state = left == 0 ? .endPending : .fixed(remaining: left)
            return .data(piece)
        case .chunked(var decoder):
            let event = try decoder.next(&buffer)
            state = decoder.isDone ? .done : .chunked(decoder)
            return event
        case .endPending:
            state = .done
            return .end
        case .done:
            return nil
        }
    }
}
