import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Streams one large file region of a directory-origin response (the head is already sent): 64 KiB
/// reads on NIO's file thread pool, one at a time, pausing while the viewer is not writable.
/// Event-loop bound, hence `@unchecked Sendable`.
final class DirectoryFileSender: @unchecked Sendable {
    /// Files up to this size are read with one `pread` on the event loop instead (`readSmallFile`).
    static let inlineReadLimit: Int64 = 256 * 1024
    static let chunkSize: Int64 = 64 * 1024

    private let path: String
    private let sink: any ResponseSink
    private let fileIO: NonBlockingFileIO
    private var handle: NIOFileHandle?
    private var offset: Int64
    private var remaining: Int64
    private var waitingForWritable = false
    private var cancelled = false
    private var onBody: (Int) -> Void = { _ in }
    private var onEnd: (String?) -> Void = { _ in }

    init(path: String, offset: Int64, length: Int64, sink: any ResponseSink, fileIO: NonBlockingFileIO) {
        self.path = path
        self.offset = offset
        self.remaining = length
        self.sink = sink
        self.fileIO = fileIO
    }

    /// Opens the file and starts sending.
    /// - Parameters:
    ///   - onBody: told how many body bytes were sent.
    ///   - onEnd: called once; nil on success, a reason when the response had to be cut short.
    func start(onBody: @escaping (Int) -> Void, onEnd: @escaping (String?) -> Void) {
        self.onBody = onBody
        self.onEnd = onEnd
        do {
            handle = try NIOFileHandle(_deprecatedPath: path)
        } catch {
            return onEnd("cannot open file: \(error)")
        }
        readNext()
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
}
