import EdgeConfig
import Foundation
import NIOSSL

@testable import EdgeTLS

/// A throwaway directory with a local CA in it, and helpers to turn issued certificates into
/// `certificates:` entries backed by files. Nothing here is committed: keys are made at run time.
final class TestPKI {
    let directory: String
    let authority: LocalCertificateAuthority

    init() throws {
        self.directory = NSTemporaryDirectory() + "edge-tls-tests-\(UUID().uuidString)"
        self.authority = try LocalCertificateAuthority(directory: self.directory + "/state")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    /// The CA certificate, for a client's trust roots.
    var caCertificate: NIOSSLCertificate {
        get throws { try NIOSSLCertificate.fromPEMBytes(Array(self.authority.certificatePEM.utf8))[0] }
    }

    /// Issues a leaf for `domains`, writes it to `<name>.pem` / `<name>.key` (relative names, resolved by
    /// ``resolve(_:)``), and returns the entry plus the leaf for later comparison.
    func fileEntry(
        _ name: String, domains: [String], isDefault: Bool = false
    ) throws -> (entry: CertificateConfig, leaf: NIOSSLCertificate) {
        let issued = try self.authority.issue(domains: domains)
        try issued.certificatePEM.write(toFile: self.resolve(name + ".pem"), atomically: true, encoding: .utf8)
        try issued.privateKeyPEM.write(toFile: self.resolve(name + ".key"), atomically: true, encoding: .utf8)
        let entry = CertificateConfig(
            domains: domains, certificateFile: name + ".pem", privateKeyFile: name + ".key", isDefault: isDefault)
        return (entry, try NIOSSLCertificate.fromPEMBytes(Array(issued.certificatePEM.utf8))[0])
    }

    /// Resolves a configured file name against the test directory.
    func resolve(_ name: String) -> String {
        name.hasPrefix("/") ? name : self.directory + "/" + name
    }

    /// A client context trusting only this CA, with full (hostname) verification.
    func clientContext(
        maximumVersion: TLSVersion? = nil, alpn: [String] = [], verifyHostname: Bool = true
    ) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try self.caCertificate])
        configuration.certificateVerification = verifyHostname ? .fullVerification : .noHostnameVerification
        configuration.maximumTLSVersion = maximumVersion
        configuration.applicationProtocols = alpn
        return try NIOSSLContext(configuration: configuration)
    }
}

extension NIOSSLCertificate {
    /// The DNS names in the subject alternative names.
    var dnsNames: Set<String> {
        var names = Set<String>()
        for name in self._subjectAlternativeNames() where name.nameType == .dnsName {
            names.insert(String(decoding: name.contents, as: UTF8.self))
        }
        return names
    }
}
