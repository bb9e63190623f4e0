import Testing
@testable import EdgeDNSServer

@Test func moduleLinks() {
    #expect(Bool(true))
}
