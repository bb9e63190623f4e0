import EdgeDNS
import NIOCore
import Testing

@testable import EdgeDNSServer

@Suite struct DNSPacketCacheTests {
    func wire(_ message: DNSMessage) -> ByteBuffer { ByteBuffer(bytes: message.encode().bytes) }

    func query(_ name: String, id: UInt16) throws -> ByteBuffer {
        wire(try TestZone.query(name, .a, id: id))
    }

    @Test func aRepeatedQueryGetsTheStoredResponseWithItsOwnID() throws {
        let zones = try TestZone.zones()
        var cache = DNSPacketCache()
        let first = try query("host.example.test.", id: 1)
        let response = ByteBuffer(bytes: [0, 1, 0x84, 0, 9, 9, 9])
        #expect(cache.response(to: first, zones: zones) == nil)
        cache.store(response, for: first, zones: zones)
        let hit = try #require(cache.response(to: try query("host.example.test.", id: 0xBEEF), zones: zones))
        #expect(Array(hit.readableBytesView) == [0xBE, 0xEF, 0x84, 0, 9, 9, 9])
        #expect(cache.response(to: try query("HOST.example.test.", id: 1), zones: zones) == nil)
        #expect(cache.response(to: try query("web.example.test.", id: 1), zones: zones) == nil)
    }

    @Test func anotherZoneSetEmptiesTheCache() throws {
        let zones = try TestZone.zones()
        var cache = DNSPacketCache()
        let question = try query("host.example.test.", id: 1)
        cache.store(ByteBuffer(bytes: [0, 1, 2, 3]), for: question, zones: zones)
        #expect(cache.response(to: question, zones: zones) != nil)
        #expect(cache.response(to: question, zones: try TestZone.zones()) == nil)
        #expect(cache.count == 0)
    }

    @Test func theCapacityBoundsWhatIsHeld() throws {
        let zones = try TestZone.zones()
        let question = try query("host.example.test.", id: 1)
        let response = ByteBuffer(repeating: 7, count: 100)
        let cost = question.readableBytes - 2 + 100 + DNSPacketCache.entryOverhead
        var cache = DNSPacketCache(capacity: cost * 2)
        for index in 0..<5 {
            cache.store(response, for: try query("h\(index).example.test.", id: 1), zones: zones)
            #expect(cache.count <= 2)
        }
        #expect(cache.count >= 1)
        var off = DNSPacketCache(capacity: 0)
        off.store(response, for: question, zones: zones)
        #expect(off.count == 0 && !off.isEnabled)
    }

    @Test func onlyAnswersFromFixedDataAreCacheable() throws {
        let zones = try TestZone.zones()
        let engine = AnswerEngine()
        for name in ["www.example.test.", "nope.example.test.", "www.sub.example.test.", "example.org."] {
            let answer = engine.cacheableAnswer(
                query: try TestZone.query(name, .a), zones: zones, context: QueryContext(transport: .udp))
            #expect(answer?.cacheable == true, "\(name)")
        }
        let harness = try PolicyHarness([
            PolicyRecordSpec(
                name: "www.example.test.", type: "A", setIdentifier: "a", values: ["192.0.2.1"], weight: 1),
            PolicyRecordSpec(
                name: "www.example.test.", type: "A", setIdentifier: "b", values: ["192.0.2.2"], weight: 1),
        ])
        let policyEngine = AnswerEngine(records: harness.source)
        func cacheable(_ name: String, _ type: RecordType) throws -> Bool? {
            policyEngine.cacheableAnswer(
                query: try TestZone.query(name, type), zones: harness.zones, context: QueryContext(transport: .udp)
            )?.cacheable
        }
        #expect(try cacheable("www.example.test.", .a) == false)
        #expect(try cacheable("static.example.test.", .a) == true)
        #expect(try cacheable("www.example.test.", .txt) == true)
    }
}
