import NIOCore
import NIOHTTP1

/// Stands between an error-page subrequest and the viewer (`customErrorResponses`): a 2xx page is
/// passed on with the configured `responseCode`; anything else is replaced by a short text answer
/// with the original error status, so a missing page never hides the error. Event-loop bound.
final class ErrorPageSink: ResponseSink {
    private let inner: any ResponseSink
    private let responseCode: Int
    private let originalStatus: Int
    private let onEnd: (_ status: Int, _ bytes: Int, _ closeConnection: Bool) -> Void
    private var passthrough = false
    private var sentStatus = 0
    private var bytes = 0

    init(
        inner: any ResponseSink, responseCode: Int, originalStatus: Int,
        onEnd: @escaping (_ status: Int, _ bytes: Int, _ closeConnection: Bool) -> Void
    ) {
        self.inner = inner
        self.responseCode = responseCode
        self.originalStatus = originalStatus
        self.onEnd = onEnd
    }

    var eventLoop: any EventLoop { inner.eventLoop }
    var isWritable: Bool { inner.isWritable }

    func sendHead(status: HTTPResponseStatus, headers: HTTPHeaders, framing: ResponseBodyFraming) {
        if (200..<300).contains(Int(status.code)) {
            passthrough = true
            sentStatus = responseCode
            var headers = headers
            headers.remove(name: "content-range")
            inner.sendHead(status: HTTPResponseStatus(statusCode: responseCode), headers: headers, framing: framing)
        } else {
            sentStatus = originalStatus
            let status = HTTPResponseStatus(statusCode: originalStatus)
            let text = ByteBuffer(string: "\(originalStatus) \(status.reasonPhrase)\n")
            var plain = HTTPHeaders()
            plain.add(name: "content-type", value: "text/plain; charset=utf-8")
            plain.add(name: "cache-control", value: "no-store")
            if let id = headers.first(name: "x-edge-request-id") { plain.add(name: "x-edge-request-id", value: id) }
            inner.sendHead(status: status, headers: plain, framing: .length(text.readableBytes))
            inner.sendBody(text)
            bytes += text.readableBytes
        }
    }

    func sendBody(_ buffer: ByteBuffer) {
        guard passthrough else { return }
        bytes += buffer.readableBytes
        inner.sendBody(buffer)
    }

    func flushBody() { inner.flushBody() }

    func sendEnd(closeConnection: Bool) {
        onEnd(sentStatus, bytes, closeConnection)
    }

    func sendContinue() {}
    func pauseRequestBody() {}
    func resumeRequestBody() {}
    func abort() { inner.abort() }
}
