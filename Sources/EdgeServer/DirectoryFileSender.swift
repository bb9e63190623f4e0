import EdgeOrigin
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Sends one directory-origin response: plans it (``DirectoryResponsePlanner``), then streams the
/// file in 64 KiB reads on NIO's file thread pool, pausing while the viewer is not writable.
/// Event-loop bound, hence `@unchecked Sendable`.
final class DirectoryFileSender: @unchecked Sendable {
    private let resolver: DirectoryPathResolver
    private let request: ViewerRequest
    private let sink: any ResponseSink
    private let fileIO: NonBlockingFileIO
    private var handle: NIOFileHandle?
    private var offset: Int64 = 0
    private var remaining: Int64 = 0
    private var waitingForWritable = false
    private var cancelled = false
    private var onBody: (Int) -> Void = { _ in }
    private var onEnd: (String?) -> Void = { _ in }
    static let chunkSize: Int64 = 64 * 1024

    /// What will be sent (decided at creation, so the exchange can divert errors to a custom page).
    let plan: DirectoryResponsePlan

    init(resolver: DirectoryPathResolver, request: ViewerRequest, sink: any ResponseSink, fileIO: NonBlockingFileIO) {
        self.resolver = resolver
        self.request = request
        self.sink = sink
        self.fileIO = fileIO
        self.plan = DirectoryResponsePlanner.plan(
            method: request.method.rawValue, resolution: resolver.resolve(urlPath: request.path),
            headers: request.summary.directory)
    }

    /// Plans and starts sending.
    /// - Parameters:
    ///   - onHead: given status and headers, returns the headers to send (the exchange decorates them).
    ///   - onBody: told how many body bytes were sent.
    ///   - onEnd: called once; nil on success, a reason when the response had to be cut short.
    func run(
        onHead: (Int, HTTPHeaders) -> HTTPHeaders, onBody: @escaping (Int) -> Void,
        onEnd: @escaping (String?) -> Void
    ) {
        self.onBody = onBody
        self.onEnd = onEnd
        var responseHeaders = HTTPHeaders()
        responseHeaders.reserveCapacity(plan.headers.count + 4)
        for (name, value) in plan.headers { responseHeaders.add(name: name, value: value) }
        responseHeaders = onHead(plan.status, responseHeaders)
        let status = HTTPResponseStatus(statusCode: plan.status)
        switch plan.body {
        case .none:
            sink.sendHead(status: status, headers: responseHeaders, framing: .empty)
            onEnd(nil)
        case .text(let text):
            let buffer = ByteBuffer(string: text)
            responseHeaders.replaceOrAdd(name: "content-type", value: "text/plain; charset=utf-8")
            sink.sendHead(status: status, headers: responseHeaders, framing: .length(buffer.readableBytes))
            sink.sendBody(buffer)
            onBody(buffer.readableBytes)
            onEnd(nil)
        case .file(let path, let offset, let length):
            guard length > 0 else {
                sink.sendHead(status: status, headers: responseHeaders, framing: .length(0))
                return onEnd(nil)
            }
            if length <= Self.inlineReadLimit {
                // Small files: one pread on the event loop (as nginx does) beats two thread hops.
                guard let body = Self.readSmallFile(path: path, offset: offset, length: Int(length)) else {
                    return onEnd("cannot read file")
                }
                sink.sendHead(status: status, headers: responseHeaders, framing: .length(Int(length)))
                sink.sendBody(body)
                onBody(body.readableBytes)
                return onEnd(nil)
            }
            sink.sendHead(status: status, headers: responseHeaders, framing: .length(Int(length)))
            self.offset = offset
            self.remaining = length
            do {
                handle = try NIOFileHandle(_deprecatedPath: path)
            } catch {
                return onEnd("cannot open file: \(error)")
            }
            readNext()
        }
    }

    private func readNext() {
        guard !cancelled, let handle else { return }
        if remaining == 0 {
            close()
            return onEnd(nil)
        }
        if !sink.isWritable {
            sink.flushBody()
            waitingForWritable = true
            return
        }
        let count = Int(min(remaining, Self.chunkSize))
        fileIO.read(
            fileHandle: handle, fromOffset: offset, byteCount: count, allocator: ByteBufferAllocator(),
            eventLoop: sink.eventLoop
        ).whenComplete { result in
            guard !self.cancelled else { return }
            switch result {
            case .success(let buffer):
                if buffer.readableBytes == 0 {
                    self.close()
                    return self.onEnd("file shrank while being sent")
                }
                self.offset += Int64(buffer.readableBytes)
                self.remaining -= Int64(buffer.readableBytes)
                self.onBody(buffer.readableBytes)
                self.sink.sendBody(buffer)
                if self.remaining > 0 { self.sink.flushBody() }
                self.readNext()
            case .failure(let error):
                self.close()
                self.onEnd("read failed: \(error)")
            }
        }
    }

    /// Files up to this size are read in one `pread` on the event loop.
    static let inlineReadLimit: Int64 = 256 * 1024

    /// Reads exactly `length` bytes at `offset`, or nil (the file changed or cannot be read).
    static func readSmallFile(path: String, offset: Int64, length: Int) -> ByteBuffer? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = Glibc.close(fd) }
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes -> Int in
            var done = 0
            while done < length {
                let n = pread(fd, bytes.baseAddress! + done, length - done, off_t(offset) + off_t(done))
                if n <= 0 { break }
                done += n
            }
            return done
        }
        return read == length ? buffer : nil
    }

    /// The viewer can take more.
    func resume() {
        guard waitingForWritable else { return }
        waitingForWritable = false
        readNext()
    }

    /// The viewer went away.
    func cancel() {
        cancelled = true
        close()
    }

    private func close() {
        try? handle?.close()
        handle = nil
    }
}
