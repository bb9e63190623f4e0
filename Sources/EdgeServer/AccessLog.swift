import Foundation
import Logging

/// One access-log record, filled in as the request goes through the phases.
struct AccessLogRecord {
    var start: Double
    var requestId: String
    var clientAddress: String
    var serverName: String?
    var host: String
    var method: String
    var path: String
    var protocolName: String
    var status: Int = 0
    var bytesIn: Int = 0
    var bytesOut: Int = 0
    var distribution: String?
    var behavior: String?
    var origin: String?
    var cacheStatus: String = "-"
    var error: String?

    /// The record as one JSON line (no trailing newline).
    func jsonLine(now: Double) -> String {
        var s = "{"
        func field(_ k: String, _ v: String?) {
            if s.count > 1 { s += "," }
            s += "\"\(k)\":"
            if let v { s += jsonQuote(v) } else { s += "null" }
        }
        func number(_ k: String, _ v: String) {
            if s.count > 1 { s += "," }
            s += "\"\(k)\":\(v)"
        }
        field("time", iso8601(start))
        field("requestId", requestId)
        field("clientAddress", clientAddress)
        field("sni", serverName)
        field("host", host)
        field("method", method)
        field("path", path)
        field("protocol", protocolName)
        number("status", String(status))
        number("bytesIn", String(bytesIn))
        number("bytesOut", String(bytesOut))
        number("durationMs", String(format: "%.3f", (now - start) * 1000))
        field("distribution", distribution)
        field("behavior", behavior)
        field("origin", origin)
        field("cacheStatus", cacheStatus)
        if let error { field("error", error) }
        return s + "}"
    }
}

/// JSON string quoting.
func jsonQuote(_ v: String) -> String {
    var out = "\""
    for u in v.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                out += String(format: "\\u%04x", u.value)
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

private func iso8601(_ t: Double) -> String {
    var secs = time_t(t)
    var tmv = tm()
    gmtime_r(&secs, &tmv)
    let ms = Int((t - Double(secs)) * 1000)
    return String(
        format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday, tmv.tm_hour,
        tmv.tm_min, tmv.tm_sec, ms)
}

/// A swift-log handler that writes each message verbatim as one line on stdout: the access log.
public struct JSONLineLogHandler: LogHandler {
    /// Metadata (unused: access-log lines carry their own fields).
    public var metadata: Logger.Metadata = [:]
    /// Level below which nothing is written.
    public var logLevel: Logger.Level = .info
    private let lock = NSLock()

    /// Creates the handler.
    public init() {}

    /// Not used.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the message and a newline to stdout.
    public func log(event: LogEvent) {
        var line = event.message.description
        line.append("\n")
        lock.lock()
        defer { lock.unlock() }
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
