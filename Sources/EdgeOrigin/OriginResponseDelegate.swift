import EdgeCore
import NIOCore

/// Receives one origin response, part by part, on the origin connection's event loop.
///
/// Exactly one of `originDidFail` or `originResponseEnd` ends the exchange. The connection stops
/// reading when `wantsMoreResponseBody` is false (the viewer is slower than the origin) and resumes
/// when the exchange calls ``OriginConnection/resumeReading()``.
public protocol OriginResponseDelegate: AnyObject {
    /// The status line and headers arrived.
    func originResponseHead(_ head: OriginResponseHead)
    /// A piece of the body arrived.
    func originResponseBody(_ buffer: ByteBuffer)
    /// The connection has read what the socket had for now: time to flush what was passed on (a
    /// streamed response reaches the viewer as it comes, not when the viewer's buffer fills).
    func originReadComplete()
    /// The response is complete.
    func originResponseEnd()
    /// The exchange failed; `receivedAnything` tells whether any response byte had arrived.
    func originDidFail(_ error: EdgeError, receivedAnything: Bool)
    /// Whether the connection may read more (downstream backpressure).
    var wantsMoreResponseBody: Bool { get }
    /// The request side is writable again (upload backpressure).
    func originBecameWritable()
}
