import EdgeConfig
import EdgeCore
import EdgeOrigin
import EdgeProxy

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
    var nodeName: String
    var isHeadRequest: Bool

    /// The viewer's field lines for `head`.
    func build(_ head: OriginResponseHead) -> ResponseFieldLines {
        var out = ResponseFieldLines(capacity: head.fieldBytes + 192)
        let nominated = head.nominatesFields ? head.connectionTokens : []
        let customs = policy.customHeaders
        var present = customs.isEmpty ? [] : [Bool](repeating: false, count: customs.count)
        var via: String?
        head.forEachField { name, value in
            if HopByHopHeaders.isStandard(name) { return }
            if !nominated.isEmpty && nominated.contains(String(decoding: name, as: UTF8.self).lowercased()) { return }
            var isDate = false
            var isServer = false
            switch name.count {
            case 3 where name.equalsLowercase("via"):
                let text = String(decoding: value, as: UTF8.self)
                via = via.map { $0 + ", " + text } ?? text
                return
            case 4 where name.equalsLowercase("date"):
                isDate = true
            case 6 where name.equalsLowercase("server"):
                isServer = true
            case 14 where name.equalsLowercase("content-length"), 17 where name.equalsLowercase("x-edge-request-id"):
                return
            case 13 where debug != nil && name.equalsLowercase("x-edge-origin"),
                15 where debug != nil && name.equalsLowercase("x-edge-behavior"),
                19 where debug != nil && name.equalsLowercase("x-edge-distribution"):
                return
            default:
                break
            }
            if !policy.isEmpty {
                if policy.removeHeaders.contains(where: { name.equalsIgnoringASCIICase($0) }) { return }
                for (index, custom) in customs.enumerated() where name.equalsIgnoringASCIICase(custom.header) {
                    if custom.override { return }
                    present[index] = true
                }
            }
            if isDate { out.hasDate = true }
            if isServer { out.hasServer = true }
            out.append(name: name, value: value)
        }
        if !policy.removeHeaders.contains(where: { $0.equalsLowercase("via") }) {
            out.append("via", value: ForwardedHeaders.via(existing: via, protocolVersion: "1.1", nodeName: nodeName))
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
