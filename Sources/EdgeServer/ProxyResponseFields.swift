import EdgeConfig
import EdgeCore
import EdgeOrigin
import EdgeProxy
import NIOCore

/// `upstreamResponseFilter` + `responseFilter` for a proxied response, in one pass over the origin's
/// field bytes: hop-by-hop fields (RFC 9110 §7.6.1, including those the origin's `Connection` names)
/// and `Content-Length` (the sink frames the body) are dropped, `Via` gets this hop, then the
/// behavior's response-headers policy, the debug headers and the request id are applied. The result
/// is HTTP/1.1 field lines (``ResponseFieldLines``).
struct ProxyResponseFields {
    /// What the debug headers say, when the distribution enables them.
    struct Debug {
        var behavior: String
        var distribution: String
        var origin: String?
    }

    var policy: ResponseHeadersPolicy
    var debug: Debug?
    var requestId: String
    /// This node's `Via` entry (`RuntimeState.viaHop11`).
    var viaHop: String
    var isHeadRequest: Bool

    /// Whether one origin field goes to the viewer; notes `Via`, `Date`, `Server` and custom headers
    /// already present on the way.
    private func keep(
        name: UnsafeRawBufferPointer, line: Range<Int>, of head: OriginResponseHead, nominated: Set<String>,
        present: inout [Bool], via: inout String?, out: inout ResponseFieldLines
    ) -> Bool {
        if HopByHopHeaders.isStandard(name) { return false }
        if !nominated.isEmpty && nominated.contains(String(decoding: name, as: UTF8.self).lowercased()) { return false }
        var isDate = false
        var isServer = false
        switch name.count {
        case 3 where name.equalsLowercase("via"):
            let text = head.value(ofLine: line)
            via = via.map { $0 + ", " + text } ?? text
            return false
        case 4 where name.equalsLowercase("date"):
            isDate = true
        case 6 where name.equalsLowercase("server"):
            isServer = true
        case 14 where name.equalsLowercase("content-length"), 17 where name.equalsLowercase("x-edge-request-id"):
            return false
        case 13 where debug != nil && name.equalsLowercase("x-edge-origin"),
            15 where debug != nil && name.equalsLowercase("x-edge-behavior"),
            19 where debug != nil && name.equalsLowercase("x-edge-distribution"):
            return false
        default:
            break
        }
        if !policy.isEmpty {
            if policy.removeHeaders.contains(where: { name.equalsIgnoringASCIICase($0) }) { return false }
            for (index, custom) in policy.customHeaders.enumerated() where name.equalsIgnoringASCIICase(custom.header) {
                if custom.override { return false }
                present[index] = true
            }
        }
        if isDate { out.hasDate = true }
        if isServer { out.hasServer = true }
        return true
    }

    /// The viewer's field lines for `head`.
    func build(_ head: OriginResponseHead) -> ResponseFieldLines {
        // Room after the lines for the sink's framing fields and, for a small body, the body itself.
        let bodyRoom = head.contentLength.map { $0 <= HTTP1ConnectionHandler.mergeLimit ? $0 : 0 } ?? 0
        var out = ResponseFieldLines(capacity: head.fieldBytes + 192, trailingRoom: 192 + bodyRoom)
        let nominated = head.nominatesFields ? head.connectionTokens : []
        let customs = policy.customHeaders
        var present = customs.isEmpty ? [] : [Bool](repeating: false, count: customs.count)
        var via: String?
        // Kept lines are copied in runs of adjacent lines (one copy for most responses).
        let source = head.fieldLines
        var run = 0..<0
        head.forEachFieldLine { name, line, bareLF in
            if keep(name: name, line: line, of: head, nominated: nominated, present: &present, via: &via, out: &out) {
                if bareLF {
                    out.append(lines: source, range: run)
                    run = line.upperBound..<line.upperBound
                    out.append(lines: source, range: line.lowerBound..<(line.upperBound - 1))
                    out.append(lines: ByteBuffer(staticString: "\r\n"), range: 0..<2)
                } else if run.isEmpty {
                    run = line
                } else if run.upperBound == line.lowerBound {
                    run = run.lowerBound..<line.upperBound
                } else {
                    out.append(lines: source, range: run)
                    run = line
                }
            }
        }
        out.append(lines: source, range: run)
        if !policy.removeHeaders.contains(where: { $0.equalsLowercase("via") }) {
            out.append("via", value: ForwardedHeaders.via(existing: via, hop: viaHop))
        }
        for (index, custom) in customs.enumerated() where custom.override || !present[index] {
            if custom.header.equalsLowercase("date") { out.hasDate = true }
            if custom.header.equalsLowercase("server") { out.hasServer = true }
            out.append(name: custom.header, value: custom.value)
        }
        if let debug {
            out.append("x-edge-behavior", value: debug.behavior)
            out.append("x-edge-distribution", value: debug.distribution)
            if let origin = debug.origin { out.append("x-edge-origin", value: origin) }
        }
        out.append("x-edge-request-id", value: requestId)
        if isHeadRequest, let length = head.contentLength {
            out.append("content-length", value: String(length))
        }
        return out
    }
}
