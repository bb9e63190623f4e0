import Foundation
import NIOSSL
import Testing

@testable import EdgeTLS

@Suite struct LocalCertificateAuthorityTests {
    let day: TimeInterval = 86_400

    /// A fresh, not yet existing state directory under the temporary directory.
    func freshDirectory() -> String {
        NSTemporaryDirectory() + "edge-ca-tests-\(UUID().uuidString)/nested/state"
    }

    /// Removes what ``freshDirectory()`` created, parents included.
    func cleanUp(_ directory: String) {
        try? FileManager.default.removeItem(atPath: String(directory.dropLast("/nested/state".count)))
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func createsOnceThenReloadsTheSameAuthority() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let first = try LocalCertificateAuthority(directory: directory)
        #expect(first.certificatePath == directory + "/ca.pem")
        #expect(try self.mode(directory) == 0o700)
        #expect(try self.mode(first.privateKeyPath) == 0o600)
        let keyBefore = try String(contentsOfFile: first.privateKeyPath, encoding: .utf8)

        let second = try LocalCertificateAuthority(directory: directory)
        #expect(second.certificatePEM == first.certificatePEM)
        #expect(try String(contentsOfFile: second.privateKeyPath, encoding: .utf8) == keyBefore)
        let caFirst = try NIOSSLCertificate.fromPEMBytes(Array(first.certificatePEM.utf8))[0]
        let caSecond = try NIOSSLCertificate.fromPEMFile(second.certificatePath)[0]
        #expect(caFirst.serialNumber == caSecond.serialNumber)
        #expect(String(describing: caSecond).contains("Edge Local CA"))
    }

    @Test func twoDirectoriesGetDifferentAuthorities() throws {
        let a = self.freshDirectory()
        let b = self.freshDirectory()
        defer {
            self.cleanUp(a)
            self.cleanUp(b)
        }
        #expect(
            try LocalCertificateAuthority(directory: a).certificatePEM
                != LocalCertificateAuthority(directory: b).certificatePEM)
    }

    @Test func refusesAHalfPresentAuthority() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let authority = try LocalCertificateAuthority(directory: directory)
        try FileManager.default.removeItem(atPath: authority.privateKeyPath)
        let error = #expect(throws: EdgeTLSError.self) { try LocalCertificateAuthority(directory: directory) }
        #expect(error?.kind == .localAuthorityFailed)
        #expect(error?.file == authority.privateKeyPath)
        // The certificate users may trust was not replaced.
        #expect(try String(contentsOfFile: authority.certificatePath, encoding: .utf8) == authority.certificatePEM)
    }

    @Test func issuedLeafHasTheNamesUsageAndLifetime() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let authority = try LocalCertificateAuthority(directory: directory)
        let now = Date(timeIntervalSince1970: Double(Int(Date().timeIntervalSince1970)))
        let issued = try authority.issue(domains: ["Example.test", "*.example.test"], now: now)
        let leaf = try NIOSSLCertificate.fromPEMBytes(Array(issued.certificatePEM.utf8))
        #expect(leaf.count == 1)
        #expect(leaf[0].dnsNames == ["example.test", "*.example.test"])
        #expect(TimeInterval(leaf[0].notValidBefore) == now.timeIntervalSince1970 - 3_600)
        #expect(TimeInterval(leaf[0].notValidAfter) == now.timeIntervalSince1970 + 397 * self.day)
        #expect(String(describing: leaf[0]).contains("example.test"))
        _ = try NIOSSLPrivateKey(bytes: Array(issued.privateKeyPEM.utf8), format: .pem)
        let keyFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/issued")
            .filter { $0.hasSuffix("-key.pem") }
        #expect(keyFiles.count == 1)
        #expect(try self.mode(directory + "/issued/" + keyFiles[0]) == 0o600)
    }

    @Test func issuedLeafVerifiesAgainstTheAuthority() throws {
        let pki = try TestPKI()
        let (entry, _) = try pki.fileEntry("leaf", domains: ["verify.test"])
        let store = try TLSContextStore(
            certificates: [entry], resolvePath: pki.resolve, authority: nil, minimumVersion: .tlsV1_2, alpn: [])
        // Full verification: chain to the CA as the only trust root, and the host name against the SAN.
        let pair = InMemoryTLSPair()
        defer { pair.finish() }
        try pair.client.pipeline.syncOperations.addHandler(
            NIOSSLClientHandler(context: try pki.clientContext(), serverHostname: "verify.test"))
        _ = store.configureServerPipeline(pair.server) { channel, _ in channel.eventLoop.makeSucceededVoidFuture() }
        try pair.connect()
        try pair.interact()
        #expect(try pair.serverCertificate()?.dnsNames == ["verify.test"])

        // A client trusting another CA refuses the same server.
        let other = try TestPKI()
        let stranger = InMemoryTLSPair()
        defer { stranger.finish() }
        try stranger.client.pipeline.syncOperations.addHandler(
            NIOSSLClientHandler(context: try other.clientContext(), serverHostname: "verify.test"))
        _ = store.configureServerPipeline(stranger.server) { channel, _ in channel.eventLoop.makeSucceededVoidFuture() }
        try stranger.connect()
        #expect(throws: (any Error).self) { try stranger.interact() }
    }

    @Test func reusesTheCachedLeafAcrossRestartsAndOrder() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let now = Date()
        let first = try LocalCertificateAuthority(directory: directory).issue(domains: ["a.test", "b.test"], now: now)
        let restarted = try LocalCertificateAuthority(directory: directory)
        let again = try restarted.issue(domains: ["B.test", "a.test."], now: now + self.day)
        #expect(again.certificatePEM == first.certificatePEM)
        #expect(again.privateKeyPEM == first.privateKeyPEM)
        let other = try restarted.issue(domains: ["a.test"], now: now)
        #expect(other.certificatePEM != first.certificatePEM)
    }

    @Test func reissuesThirtyDaysBeforeExpiry() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let authority = try LocalCertificateAuthority(directory: directory)
        let issuedAt = Date()
        let original = try authority.issue(domains: ["renew.test"], now: issuedAt)
        // 397-day lifetime, 30-day window: reused until day 367, replaced from then on.
        let stillGood = try authority.issue(domains: ["renew.test"], now: issuedAt + 366 * self.day)
        #expect(stillGood.certificatePEM == original.certificatePEM)
        let renewed = try authority.issue(domains: ["renew.test"], now: issuedAt + 367 * self.day + 1)
        #expect(renewed.certificatePEM != original.certificatePEM)
        let leaf = try NIOSSLCertificate.fromPEMBytes(Array(renewed.certificatePEM.utf8))[0]
        #expect(TimeInterval(leaf.notValidAfter) > (issuedAt + 700 * self.day).timeIntervalSince1970)
        // The renewed leaf is the cached one from now on.
        let later = try authority.issue(domains: ["renew.test"], now: issuedAt + 400 * self.day)
        #expect(later.certificatePEM == renewed.certificatePEM)
    }

    @Test func doesNotReuseALeafFromAReplacedAuthority() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let old = try LocalCertificateAuthority(directory: directory)
        let leaf = try old.issue(domains: ["ca-change.test"])
        try FileManager.default.removeItem(atPath: old.certificatePath)
        try FileManager.default.removeItem(atPath: old.privateKeyPath)
        let replacement = try LocalCertificateAuthority(directory: directory)
        #expect(replacement.certificatePEM != old.certificatePEM)
        #expect(try replacement.issue(domains: ["ca-change.test"]).certificatePEM != leaf.certificatePEM)
    }

    @Test func refusesToIssueWithoutDomains() throws {
        let directory = self.freshDirectory()
        defer { self.cleanUp(directory) }
        let authority = try LocalCertificateAuthority(directory: directory)
        #expect(throws: EdgeTLSError.self) { try authority.issue(domains: []) }
    }
}
