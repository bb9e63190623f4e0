import Testing
@testable import EdgeOrigin

@Test func moduleLinks() {
    #expect(Bool(true))
}
