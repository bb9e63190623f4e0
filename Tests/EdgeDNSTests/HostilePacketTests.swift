import Testing

@testable import EdgeDNS

@Suite struct HostilePacketTests {
    /// A header with the given counts, then `body`.
    func packet(qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0, _ body: [UInt8]) -> [UInt8] {
        [0x12, 0x34, 0x01, 0x00] + [qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } + body
    }

    func error(_ bytes: [UInt8]) -> DNSWireError? {
        do {
            _ = try DNSMessage.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyTruncationOfAValidPacketThrows() throws {
        for message in [SampleMessages.response, SampleMessages.query] {
            let bytes = message.encode().bytes
            for length in 0..<bytes.count {
                #expect(error(Array(bytes.prefix(length))) != nil, "prefix of \(length) bytes decoded")
            }
        }
    }

    @Test func pointerLoopsAndForwardPointersThrow() {
        #expect(error(packet([0xC0, 0x0C, 0, 1, 0, 1])) == .badPointer(offset: 12))
        #expect(error(packet([1, 0x61, 0xC0, 0x0C, 0, 1, 0, 1])) == .badPointer(offset: 14))
        #expect(error(packet([0xC0, 0x20, 0, 1, 0, 1] + Array(repeating: 0, count: 30))) == .badPointer(offset: 12))
        // Answer owner points to the question, whose name points back at the answer: a two-step loop.
        let twoStep = packet(
            qd: 1, an: 1, [1, 0x61, 0xC0, 0x12, 0, 1, 0, 1, 1, 0x62, 0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0])
        #expect(error(twoStep) == .badPointer(offset: 14))
        #expect(
            error(packet(qd: 0, an: 1, [1, 0x61, 0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 2, 0xC0])) == .truncated(offset: 25))
    }

    @Test func overlongLabelsAndNamesThrow() {
        #expect(error(packet([64] + Array(repeating: 0x61, count: 64) + [0, 0, 1, 0, 1])) == .badLabelType(offset: 12))
        #expect(error(packet([0x80, 0, 0, 1, 0, 1])) == .badLabelType(offset: 12))
        let label = [63] + Array(repeating: UInt8(0x61), count: 63)
        let long = label + label + label + label + [0, 0, 1, 0, 1]
        #expect(error(packet(long)) == .nameTooLong(offset: 12))
        // 255 bytes exactly is fine.
        let fits = label + label + label + [61] + Array(repeating: UInt8(0x61), count: 61) + [0, 0, 1, 0, 1]
        #expect(error(packet(fits)) == nil)
    }

    @Test func impossibleCountsThrowWithoutAllocating() {
        #expect(error(packet(qd: 0xFFFF, an: 0xFFFF, ns: 0xFFFF, ar: 0xFFFF, [])) == .tooManyRecords)
        #expect(error(packet(qd: 2, [0, 0, 1, 0, 1])) == .tooManyRecords)
        #expect(error(packet(qd: 0, an: 1, Array(repeating: 0, count: 10))) == .tooManyRecords)
    }

    @Test func badRecordDataThrows() {
        // An A record with RDLENGTH 5, and one with RDLENGTH 3.
        #expect(
            error(packet(qd: 0, an: 1, [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4, 5]))
                == .rdataLengthMismatch(type: .a, offset: 23))
        #expect(error(packet(qd: 0, an: 1, [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3])) == .truncated(offset: 23))
        // RDLENGTH past the end.
        #expect(error(packet(qd: 0, an: 1, [0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 9, 1, 0x61])) == .truncated(offset: 23))
        // An MX whose name ends before RDLENGTH does.
        #expect(
            error(packet(qd: 0, an: 1, [0, 0, 15, 0, 1, 0, 0, 0, 1, 0, 4, 0, 1, 0, 0]))
                == .rdataLengthMismatch(type: .mx, offset: 23))
        #expect(error(packet([0, 0, 1, 0, 1, 0xFF])) == .trailingBytes(count: 1))
    }

    @Test func badOPTRecordsThrow() {
        let opt: [UInt8] = [0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0]
        #expect(error(packet(qd: 0, ar: 1, opt)) == nil)
        #expect(error(packet(qd: 0, ar: 2, opt + opt)) == .badOPT(reason: "more than one OPT record"))
        #expect(error(packet(qd: 0, an: 1, opt)) == .badOPT(reason: "OPT record outside the additional section"))
        #expect(
            error(packet(qd: 0, ar: 1, [1, 0x61, 0] + opt.dropFirst())) == .badOPT(reason: "OPT owner is not the root"))
        let badOption: [UInt8] = [0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 5, 0, 10, 0, 9, 1]
        #expect(error(packet(qd: 0, ar: 1, badOption)) == .badOPT(reason: "option 10 longer than the record"))
        let badECS: [UInt8] = [0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 8, 0, 8, 0, 4, 0, 1, 40, 0]
        #expect(error(packet(qd: 0, ar: 1, badECS)) == .badClientSubnet(reason: "prefix longer than the address"))
    }

    /// A deterministic generator so failures reproduce.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomByteFlipsNeverCrash() throws {
        var random = SplitMix64(state: 20_261_126)
        let seeds = [SampleMessages.response.encode().bytes, SampleMessages.query.encode().bytes]
        var decodedCount = 0
        for iteration in 0..<6000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 2: bytes.removeSubrange(index...)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                }
                if bytes.isEmpty { break }
            }
            guard let message = try? DNSMessage.decode(bytes) else { continue }
            decodedCount += 1
            // Whatever decodes must re-encode to something that decodes to the same message.
            let again = try DNSMessage.decode(message.encode().bytes)
            #expect(again == message, "iteration \(iteration)")
            _ = message.encode(maxSize: 512)
        }
        #expect(decodedCount > 100)
    }
}
