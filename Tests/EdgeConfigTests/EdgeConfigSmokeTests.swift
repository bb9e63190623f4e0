import Testing
@testable import EdgeConfig

@Test func moduleLinks() {
    #expect(Bool(true))
}
