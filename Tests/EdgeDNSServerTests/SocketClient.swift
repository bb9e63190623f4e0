#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Minimal blocking IPv4 UDP and TCP clients for loopback tests (timeouts instead of hangs).
enum SocketClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func open(_ type: Int32, timeout: Double) throws -> Int32 {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(type), 0)
        #else
            let fd = socket(AF_INET, type, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var time = timeval()
        time.tv_sec = .init(Int(timeout))
        time.tv_usec = .init(Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends each packet and collects the replies; a packet that gets none within `timeout` gives nil.
    static func udp(_ packets: [[UInt8]], port: Int, timeout: Double = 2) throws -> [[UInt8]?] {
        #if canImport(Glibc)
            let fd = try open(Int32(SOCK_DGRAM.rawValue), timeout: timeout)
        #else
            let fd = try open(SOCK_DGRAM, timeout: timeout)
        #endif
        defer { close(fd) }
        var target = address(port: port)
        var replies: [[UInt8]?] = []
        for packet in packets {
            _ = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, packet, packet.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            var buffer = [UInt8](repeating: 0, count: 65535)
            let count = recv(fd, &buffer, buffer.count, 0)
            replies.append(count > 0 ? Array(buffer[0..<count]) : nil)
        }
        return replies
    }

    /// Opens a TCP connection, writes `bytes`, and reads until `frames` length-prefixed messages came or
    /// the peer closed. Returns the messages and whether the peer closed.
    static func tcp(_ bytes: [UInt8], port: Int, frames: Int, timeout: Double = 2) throws -> (
        messages: [[UInt8]], closed: Bool
    ) {
        #if canImport(Glibc)
            let fd = try open(Int32(SOCK_STREAM.rawValue), timeout: timeout)
        #else
            let fd = try open(SOCK_STREAM, timeout: timeout)
        #endif
        defer { close(fd) }
        var target = address(port: port)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect failed") }
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send failed") }
        var received: [UInt8] = []
        var messages: [[UInt8]] = []
        var closed = false
        while messages.count < frames || frames == 0 {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { closed = true }
            guard count > 0 else { break }
            received += buffer[0..<count]
            while received.count >= 2, received.count >= 2 + (Int(received[0]) << 8 | Int(received[1])) {
                let length = Int(received[0]) << 8 | Int(received[1])
                messages.append(Array(received[2..<2 + length]))
                received.removeFirst(2 + length)
            }
        }
        return (messages, closed)
    }

    /// `bytes` with its 2-byte length prefix.
    static func framed(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
    }
}
