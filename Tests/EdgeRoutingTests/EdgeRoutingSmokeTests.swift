import Testing
@testable import EdgeRouting

@Test func moduleLinks() {
    #expect(Bool(true))
}
