import Testing
@testable import EdgeDNS

@Test func moduleLinks() {
    #expect(Bool(true))
}
