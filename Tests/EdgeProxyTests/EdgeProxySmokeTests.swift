import Testing
@testable import EdgeProxy

@Test func moduleLinks() {
    #expect(Bool(true))
}
