import EdgeConfig
import Testing

@testable import EdgeTLS

@Suite struct CertificateSelectorTests {
    /// 0: exact names, 1: wildcard over example.test, 2: wildcard over wild.test, 3: exact deep name.
    let selector = CertificateSelector(
        entries: [
            .init(domains: ["example.test", "www.example.test"], index: 0),
            .init(domains: ["*.example.test"], index: 1),
            .init(domains: ["*.Wild.Test."], index: 2),
            .init(domains: ["a.b.wild.test"], index: 3),
        ],
        defaultIndex: nil
    )

    @Test(arguments: [
        ("example.test", 0),
        ("www.example.test", 0),  // exact beats the wildcard that also covers it
        ("api.example.test", 1),
        ("x.wild.test", 2),
        ("a.b.wild.test", 3),
    ])
    func picksExactThenWildcard(name: String, expected: Int) {
        #expect(self.selector.select(serverName: name) == expected)
    }

    @Test(arguments: ["a.b.example.test", "wild.test", "test", "", ".example.test", "other.test", "example.test.evil"])
    func wildcardCoversExactlyOneLabel(name: String) {
        #expect(self.selector.select(serverName: name) == nil)
    }

    @Test func absentNameWithoutDefaultIsRefused() {
        #expect(self.selector.select(serverName: nil) == nil)
    }

    @Test(arguments: ["WWW.Example.TEST", "www.example.test.", "Www.Example.Test."])
    func caseAndOneTrailingDotAreIgnored(name: String) {
        #expect(self.selector.select(serverName: name) == 0)
    }

    @Test func onlyOneTrailingDotIsStripped() {
        #expect(self.selector.select(serverName: "www.example.test..") == nil)
    }

    @Test func defaultServesUnknownAndAbsentNamesOnly() {
        let selector = CertificateSelector(
            entries: [.init(domains: ["a.test"], index: 7), .init(domains: ["*.b.test"], index: 8)],
            defaultIndex: 8
        )
        #expect(selector.select(serverName: "a.test") == 7)
        #expect(selector.select(serverName: "unknown.test") == 8)
        #expect(selector.select(serverName: nil) == 8)
        #expect(selector.select(serverName: "x.b.test") == 8)
    }

    @Test func earlierEntryWinsADuplicateName() {
        let selector = CertificateSelector(
            entries: [.init(domains: ["dup.test"], index: 0), .init(domains: ["DUP.test"], index: 1)],
            defaultIndex: nil
        )
        #expect(selector.select(serverName: "dup.test") == 0)
    }

    @Test func buildsFromConfigurationPositionsAndFirstDefault() {
        let selector = CertificateSelector(certificates: [
            CertificateConfig(domains: ["a.test"], certificateFile: "a.pem", privateKeyFile: "a.key"),
            CertificateConfig(domains: ["*.a.test"], selfSigned: true, isDefault: true),
            CertificateConfig(domains: ["c.test"], selfSigned: true, isDefault: true),
        ])
        #expect(selector.select(serverName: "a.test") == 0)
        #expect(selector.select(serverName: "c.test") == 2)
        #expect(selector.select(serverName: "nobody.test") == 1)
        #expect(selector.defaultIndex == 1)
    }

    @Test func normalizeLowercasesAsciiAndDropsOneDot() {
        #expect(CertificateSelector.normalize("ExAmPle.TEST.") == "example.test")
        #expect(CertificateSelector.normalize("xn--BCHER-kva.Test") == "xn--bcher-kva.test")
    }
}
