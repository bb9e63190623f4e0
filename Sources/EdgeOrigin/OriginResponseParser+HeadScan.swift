import EdgeCore

extension OriginResponseParser {
    /// One pass over a complete response head: the status line, then every field line, checking the
    /// syntax of RFC 9112 §4 and §5 and noting the fields that decide framing and keep-alive.
    struct HeadScan {
        var status = 0
        var minor = 1
        var fieldsStart = 0
        var fieldsEnd = 0
        var contentLength: Int?
        var hasTransferEncoding = false
        var chunked = false
        var closeToken = false
        var keepAliveToken = false
        var nominates = false

        /// What a scan found.
        enum Outcome: Equatable {
            /// A valid head of this many bytes (through the empty line).
            case complete(headLength: Int)
            /// Every complete line is valid, but the empty line has not arrived.
            case incomplete
            /// An invalid status line or field.
            case invalid(OriginResponseParseError)
        }

        /// Scans `bytes` (status line, fields, empty line, possibly followed by body bytes).
        mutating func run(_ bytes: UnsafeRawBufferPointer) -> Outcome {
            httpTokenBytes.withUnsafeBufferPointer { run(bytes, tokens: $0) }
        }

        private mutating func run(_ bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<Bool>) -> Outcome {
            guard let firstLF = bytes.indexOfLF(from: 0) else { return .incomplete }
            if let error = statusLine(bytes, end: firstLF) { return .invalid(error) }
            fieldsStart = firstLF + 1
            var lineStart = fieldsStart
            while let lf = bytes.indexOfLF(from: lineStart) {
                var end = lf
                if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
                if end == lineStart {
                    fieldsEnd = lineStart
                    return .complete(headLength: lf + 1)
                }
                if let error = field(bytes, start: lineStart, end: end, tokens: tokens) { return .invalid(error) }
                lineStart = lf + 1
            }
            return .incomplete
        }

        /// `HTTP/1.x SP 3DIGIT [SP reason]`.
        private mutating func statusLine(_ bytes: UnsafeRawBufferPointer, end lf: Int) -> OriginResponseParseError? {
            var end = lf
            if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
            // "HTTP/1.x NNN" is 12 bytes.
            guard end >= 12, bytes[0] == 0x48, bytes[1] == 0x54, bytes[2] == 0x54, bytes[3] == 0x50, bytes[4] == 0x2F,
                bytes[5] == 0x31, bytes[6] == 0x2E, (0x30...0x39).contains(bytes[7]), bytes[8] == 0x20
            else { return .malformedStatusLine }
            minor = Int(bytes[7] - 0x30)
            var code = 0
            for i in 9..<12 {
                guard (0x30...0x39).contains(bytes[i]) else { return .malformedStatusLine }
                code = code * 10 + Int(bytes[i] - 0x30)
            }
            guard code >= 100 else { return .malformedStatusLine }
            if end > 12 {
                guard bytes[12] == 0x20 else { return .malformedStatusLine }
                for i in 13..<end where bytes[i] < 0x20 && bytes[i] != 0x09 || bytes[i] == 0x7F {
                    return .malformedStatusLine
                }
            }
            status = code
            return nil
        }

        /// `field-name ":" OWS field-value OWS`, with the name a token and no control characters in the value.
        private mutating func field(
            _ bytes: UnsafeRawBufferPointer, start: Int, end: Int, tokens: UnsafeBufferPointer<Bool>
        ) -> OriginResponseParseError? {
            var colon = start
            while colon < end && bytes[colon] != 0x3A {
                guard tokens[Int(bytes[colon])] else { return .malformedField }  // also rejects obs-fold and "name :"
                colon += 1
            }
            guard colon < end, colon > start else { return .malformedField }
            if bytes.containsControlBytes(from: colon + 1, to: end) { return .malformedField }
            let name = UnsafeRawBufferPointer(rebasing: bytes[start..<colon])
            switch name.count {
            case 10 where name.equalsLowercase("connection"):
                connectionTokens(bytes, from: colon + 1, to: end)
            case 14 where name.equalsLowercase("content-length"):
                return contentLengthValue(bytes, from: colon + 1, to: end)
            case 17 where name.equalsLowercase("transfer-encoding"):
                transferEncoding(bytes, from: colon + 1, to: end)
            default:
                break
            }
            return nil
        }

        /// `1*DIGIT`, or a list of identical values (RFC 9110 §8.6); every occurrence must agree.
        private mutating func contentLengthValue(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int)
            -> OriginResponseParseError?
        {
            guard let value = bytes.contentLength(from: from, to: to, existing: contentLength) else {
                return .invalidContentLength
            }
            contentLength = value
            return nil
        }

        /// Chunked when the last coding (over all Transfer-Encoding fields) is `chunked`.
        private mutating func transferEncoding(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) {
            hasTransferEncoding = true
            var last: Range<Int>?
            bytes.forEachListElement(from: from, to: to) { last = $0 }
            if let last {
                chunked = UnsafeRawBufferPointer(rebasing: bytes[last]).equalsLowercase("chunked")
            }
        }

        private mutating func connectionTokens(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) {
            bytes.forEachListElement(from: from, to: to) { range in
                let token = UnsafeRawBufferPointer(rebasing: bytes[range])
                if token.equalsLowercase("close") {
                    closeToken = true
                } else if token.equalsLowercase("keep-alive") {
                    keepAliveToken = true
                } else {
                    nominates = true
                }
            }
        }
    }
}
