import Testing
@testable import EdgeTLS

@Test func moduleLinks() {
    #expect(Bool(true))
}
