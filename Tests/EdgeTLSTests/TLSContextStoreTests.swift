import EdgeConfig
import Foundation
import NIOSSL
import Testing

@testable import EdgeTLS

/// Building contexts from `certificates:`: versions, ALPN, and errors that name the entry and the file.
@Suite struct TLSContextStoreTests {
    func build(_ certificates: [CertificateConfig], pki: TestPKI, authority: Bool = false) throws -> TLSContextStore {
        try TLSContextStore(
            certificates: certificates, resolvePath: pki.resolve, authority: authority ? pki.authority : nil,
            minimumVersion: .tlsV1_3, alpn: ["h2", "http/1.1"])
    }

    @Test func oneContextPerEntryWithTheListenerSettings() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        let store = try self.build(
            [a.entry, CertificateConfig(domains: ["*.b.test"], selfSigned: true, isDefault: true)], pki: pki,
            authority: true)
        #expect(store.contexts.count == 2)
        for context in store.contexts {
            #expect(context.configuration.minimumTLSVersion == .tlsv13)
            #expect(context.configuration.applicationProtocols == ["h2", "http/1.1"])
        }
        #expect(store.context(forServerName: "a.test") === store.contexts[0])
        #expect(store.context(forServerName: "x.b.test") === store.contexts[1])
        #expect(store.context(forServerName: "elsewhere.test") === store.contexts[1])
        #expect(store.contexts[0].configuration.certificateChain.count == 1)
    }

    @Test func missingFileNamesEntryAndPath() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        let broken = CertificateConfig(domains: ["b.test"], certificateFile: "nope.pem", privateKeyFile: "a.key")
        let error = #expect(throws: EdgeTLSError.self) { try self.build([a.entry, broken], pki: pki) }
        #expect(error?.kind == .unreadableFile)
        #expect(error?.entryIndex == 1)
        #expect(error?.file == pki.resolve("nope.pem"))
        #expect(error?.description.hasPrefix("certificates[1]: unreadableFile: ") == true)
    }

    @Test func entryWithoutFilesMustBeSelfSigned() throws {
        let pki = try TestPKI()
        let error = #expect(throws: EdgeTLSError.self) {
            try self.build([CertificateConfig(domains: ["a.test"], certificateFile: "a.pem")], pki: pki)
        }
        #expect(error?.kind == .missingFile)
        #expect(error?.entryIndex == 0)
    }

    @Test func selfSignedNeedsTheAuthority() throws {
        let pki = try TestPKI()
        let error = #expect(throws: EdgeTLSError.self) {
            try self.build([CertificateConfig(domains: ["a.test"], selfSigned: true)], pki: pki)
        }
        #expect(error?.kind == .noLocalAuthority)
    }

    @Test func garbageCertificateIsReportedWithItsFile() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        try "not a certificate\n".write(toFile: pki.resolve("a.pem"), atomically: true, encoding: .utf8)
        let error = #expect(throws: EdgeTLSError.self) { try self.build([a.entry], pki: pki) }
        #expect(error?.kind == .invalidCertificate)
        #expect(error?.file == pki.resolve("a.pem"))
    }

    @Test func garbageKeyIsReportedWithItsFile() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        try "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".write(
            toFile: pki.resolve("a.key"), atomically: true, encoding: .utf8)
        let error = #expect(throws: EdgeTLSError.self) { try self.build([a.entry], pki: pki) }
        #expect(error?.kind == .invalidPrivateKey)
        #expect(error?.file == pki.resolve("a.key"))
    }

    @Test func keyOfAnotherCertificateIsRefused() throws {
        let pki = try TestPKI()
        _ = try pki.fileEntry("a", domains: ["a.test"])
        _ = try pki.fileEntry("b", domains: ["b.test"])
        let mixed = CertificateConfig(domains: ["a.test"], certificateFile: "a.pem", privateKeyFile: "b.key")
        let error = #expect(throws: EdgeTLSError.self) { try self.build([mixed], pki: pki) }
        #expect(error?.kind == .contextCreationFailed)
        #expect(error?.entryIndex == 0)
        #expect(error?.file == pki.resolve("b.key"))
    }

    @Test func chainFileKeepsItsIntermediates() throws {
        let pki = try TestPKI()
        let issued = try pki.authority.issue(domains: ["chain.test"])
        try (issued.certificatePEM + pki.authority.certificatePEM).write(
            toFile: pki.resolve("chain.pem"), atomically: true, encoding: .utf8)
        try issued.privateKeyPEM.write(toFile: pki.resolve("chain.key"), atomically: true, encoding: .utf8)
        let store = try self.build(
            [CertificateConfig(domains: ["chain.test"], certificateFile: "chain.pem", privateKeyFile: "chain.key")],
            pki: pki)
        #expect(store.contexts[0].configuration.certificateChain.count == 2)
    }
}
