import EdgeCore
import Testing

@Suite struct ASCIICaseInsensitiveTests {
    @Test func wordLowercasingAgreesWithTheByteRuleForEveryByte() {
        // Every byte value at every position of a word, next to neighbours that could carry.
        for byte in 0...255 {
            for position in 0..<8 {
                for filler: UInt8 in [0x00, 0x40, 0x41, 0x5A, 0x5B, 0x7F, 0x80, 0xC1, 0xFF] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(byte)
                    let expected = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let lowered = withUnsafeBytes(of: UnsafeRawBufferPointer.asciiLowercased(word)) { Array($0) }
                    #expect(lowered == expected, "byte \(byte) at \(position) among \(filler)")
                }
            }
        }
    }

    @Test func namesCompareIgnoringASCIICaseOnly() {
        let cases: [(String, StaticString, Bool)] = [
            ("Content-Length", "content-length", true),
            ("CONTENT-LENGTH", "content-length", true),
            ("content-lengtH", "content-length", true),
            ("content-lengthx", "content-length", false),
            ("content_length", "content-length", false),
            ("X-Edge-Request-Id", "x-edge-request-id", true),
            ("X-Edge-Request-Ie", "x-edge-request-id", false),
            ("Via", "via", true),
            ("V\u{e9}a", "via", false),
            ("", "", true),
        ]
        for (name, literal, equal) in cases {
            #expect(name.equalsLowercase(literal) == equal, "\(name) vs \(literal)")
        }
    }
}
