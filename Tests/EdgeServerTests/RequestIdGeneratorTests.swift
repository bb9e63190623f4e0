import Testing

@testable import EdgeServer

@Test func requestIdsAreSixteenHexDigitsAndDistinct() {
    var generator = RequestIdGenerator(seed: 42)
    var seen = Set<String>()
    for _ in 0..<10_000 {
        let id = generator.next()
        #expect(id.utf8.count == 16)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        seen.insert(id)
    }
    #expect(seen.count == 10_000)
    var a = RequestIdGenerator(seed: 1)
    var b = RequestIdGenerator(seed: 2)
    #expect(a.next() != b.next())
}
