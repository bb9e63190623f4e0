import EdgeConfig
import Foundation
import NIOSSL

/// Every TLS server context of one HTTPS listener, built once per configuration load, and the SNI rules
/// that pick among them (a reload builds a new store; connections keep the context they started with).
///
/// Each `certificates:` entry becomes one `NIOSSLContext` (its own BoringSSL `SSL_CTX`). Contexts live as
/// long as the store, which matters for session resumption: BoringSSL issues session tickets (TLS 1.2
/// and 1.3) by default, keyed per `SSL_CTX`, and NIOSSL neither disables them nor exposes a knob, so a
/// client returning with the same server name resumes as long as the store is not rebuilt. Nothing here
/// turns tickets off; do not build contexts per connection.
///
/// ```swift
/// let store = try TLSContextStore(
///     certificates: config.certificates, resolvePath: { configDirectory + "/" + $0 },
///     authority: authority, minimumVersion: listener.minimumProtocolVersion, alpn: ["h2", "http/1.1"])
/// let context = store.context(forServerName: "www.example.test")
/// ```
public struct TLSContextStore: Sendable {
    /// The SNI rules over the entries' positions in `certificates:`.
    public let selector: CertificateSelector
    /// One context per `certificates:` entry, in order.
    public let contexts: [NIOSSLContext]

    /// Builds one server context per certificate entry.
    /// - Parameters:
    ///   - certificates: The `certificates:` entries.
    ///   - resolvePath: Turns a configured (possibly relative) file name into a path to open.
    ///   - authority: The local CA issuing `selfSigned: true` entries (chain: leaf, then CA); may be `nil`
    ///     when no entry is self-signed.
    ///   - minimumVersion: The listener's `minimumProtocolVersion`.
    ///   - alpn: ALPN protocols offered, in preference order (e.g. `["h2", "http/1.1"]`).
    /// - Throws: ``EdgeTLSError`` naming the entry index and the file that failed.
    public init(
        certificates: [CertificateConfig],
        resolvePath: (String) -> String,
        authority: LocalCertificateAuthority?,
        minimumVersion: TLSProtocolVersion,
        alpn: [String]
    ) throws {
        var contexts: [NIOSSLContext] = []
        contexts.reserveCapacity(certificates.count)
        for (index, entry) in certificates.enumerated() {
            let (chain, key) = try Self.loadIdentity(
                entry, index: index, resolvePath: resolvePath, authority: authority)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = minimumVersion.nioSSLVersion
            configuration.applicationProtocols = alpn
            do {
                contexts.append(try NIOSSLContext(configuration: configuration))
            } catch {
                throw EdgeTLSError(
                    .contextCreationFailed, entryIndex: index,
                    file: entry.privateKeyFile.map(resolvePath) ?? (entry.selfSigned ? authority?.directory : nil),
                    detail: "certificate and key rejected (does the key belong to the certificate?): \(error)")
            }
        }
        self.contexts = contexts
        self.selector = CertificateSelector(certificates: certificates)
    }

    /// The context for a connection's SNI name: exact name, then one-label wildcard, then the default.
    /// - Parameter serverName: The SNI host name, or `nil` when the client sent none.
    /// - Returns: The context to handshake with, or `nil` when the handshake must be refused.
    public func context(forServerName serverName: String?) -> NIOSSLContext? {
        self.selector.select(serverName: serverName).map { self.contexts[$0] }
    }

    // MARK: - Loading

    /// The certificate chain (leaf first) and private key of one entry.
    private static func loadIdentity(
        _ entry: CertificateConfig, index: Int, resolvePath: (String) -> String,
        authority: LocalCertificateAuthority?
    ) throws -> ([NIOSSLCertificate], NIOSSLPrivateKey) {
        if entry.selfSigned {
            guard let authority else {
                throw EdgeTLSError(.noLocalAuthority, entryIndex: index, detail: "selfSigned needs the local CA")
            }
            let issued: (certificatePEM: String, privateKeyPEM: String)
            do {
                issued = try authority.issue(domains: entry.domains)
            } catch var error as EdgeTLSError {
                error.entryIndex = index
                throw error
            }
            let file = authority.issuedDirectory
            let chain =
                try parseChain(Array(issued.certificatePEM.utf8), index: index, file: file)
                + parseChain(Array(authority.certificatePEM.utf8), index: index, file: authority.certificatePath)
            return (chain, try parseKey(Array(issued.privateKeyPEM.utf8), index: index, file: file))
        }
        guard let certificateFile = entry.certificateFile else {
            throw EdgeTLSError(.missingFile, entryIndex: index, detail: "certificateFile is required unless selfSigned")
        }
        guard let keyFile = entry.privateKeyFile else {
            throw EdgeTLSError(.missingFile, entryIndex: index, detail: "privateKeyFile is required unless selfSigned")
        }
        let certificatePath = resolvePath(certificateFile)
        let keyPath = resolvePath(keyFile)
        let chain = try parseChain(try read(certificatePath, index: index), index: index, file: certificatePath)
        let key = try parseKey(try read(keyPath, index: index), index: index, file: keyPath)
        return (chain, key)
    }

    /// Reads a whole file.
    private static func read(_ path: String, index: Int) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EdgeTLSError(.unreadableFile, entryIndex: index, file: path, detail: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EdgeTLSError(.unreadableFile, entryIndex: index, file: path, detail: "cannot read")
        }
        return Array(data)
    }

    /// Parses a PEM chain; an empty result is an error.
    private static func parseChain(_ bytes: [UInt8], index: Int, file: String) throws -> [NIOSSLCertificate] {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw EdgeTLSError(.invalidCertificate, entryIndex: index, file: file, detail: "\(error)")
        }
        guard !chain.isEmpty else {
            throw EdgeTLSError(.invalidCertificate, entryIndex: index, file: file, detail: "no PEM certificate found")
        }
        return chain
    }

    /// Parses a PEM private key (unencrypted).
    private static func parseKey(_ bytes: [UInt8], index: Int, file: String) throws -> NIOSSLPrivateKey {
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw EdgeTLSError(.invalidPrivateKey, entryIndex: index, file: file, detail: "\(error)")
        }
    }
}

extension TLSProtocolVersion {
    /// The matching NIOSSL version floor.
    var nioSSLVersion: TLSVersion {
        switch self {
        case .tlsV1_2: .tlsv12
        case .tlsV1_3: .tlsv13
        }
    }
}
