import Testing
@testable import EdgeServer

@Test func moduleLinks() {
    #expect(Bool(true))
}
