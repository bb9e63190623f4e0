import NIOCore
import NIOHTTP1

/// How a response body is framed.
public enum ResponseBodyFraming: Sendable, Equatable {
    /// No body follows; headers (including a HEAD response's `Content-Length`) are sent as given.
    case empty
    /// Exactly this many bytes follow.
    case length(Int)
    /// An unknown number of bytes follow (chunked for HTTP/1.1 viewers, close-delimited for 1.0).
    case stream
}

/// Where a ``RequestExchange`` writes its response: an HTTP/1.1 connection or an HTTP/2 stream.
/// Event-loop bound: all calls happen on `eventLoop`.
protocol ResponseSink: AnyObject {
    /// The loop of the viewer connection.
    var eventLoop: any EventLoop { get }
    /// Sends the status line and headers. The sink sets framing headers itself.
    func sendHead(status: HTTPResponseStatus, headers: HTTPHeaders, framing: ResponseBodyFraming)
    /// Sends the status line and headers given as encoded field lines (the proxy path). The sink
    /// sets framing headers itself, and `Date` / `Server` when the lines have none.
    func sendHead(status: HTTPResponseStatus, fields: consuming ResponseFieldLines, framing: ResponseBodyFraming)
    /// Sends a piece of the body (not flushed until `flushBody` or `sendEnd`).
    func sendBody(_ buffer: ByteBuffer)
    /// Flushes what was sent so far.
    func flushBody()
    /// Ends the response. `closeConnection` asks an HTTP/1.1 connection to close after it.
    func sendEnd(closeConnection: Bool)
    /// Tells the viewer to go on sending the body (`Expect: 100-continue`).
    func sendContinue()
    /// Whether the viewer can take more without buffering (download backpressure).
    var isWritable: Bool { get }
    /// Stops delivering request body (upload backpressure).
    func pauseRequestBody()
    /// Resumes delivering request body.
    func resumeRequestBody()
    /// Gives up on the response mid-way (the viewer sees a truncated response / stream reset).
    func abort()
}

extension ResponseSink {
    /// Sinks that do not write HTTP/1.1 bytes take the fields as `HTTPHeaders`.
    func sendHead(status: HTTPResponseStatus, fields: consuming ResponseFieldLines, framing: ResponseBodyFraming) {
        sendHead(status: status, headers: fields.httpHeaders, framing: framing)
    }
}
