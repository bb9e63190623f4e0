import Crypto
import Foundation
import X509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A development certificate authority kept in the node's `stateDirectory`, so `selfSigned: true`
/// certificates work with nothing else installed (`curl --cacert <certificatePath>`).
///
/// The CA (ECDSA P-256, `CN=Edge Local CA, O=edge`) is created once, as `ca.pem` and `ca-key.pem`
/// (mode 0600) in `directory`, and reloaded on every later start so clients keep trusting it. Issued
/// leaves are cached under `directory/issued/` and reused until ``renewalWindow`` before they expire.
///
/// ```swift
/// let authority = try LocalCertificateAuthority(directory: ".edge-state")
/// let leaf = try authority.issue(domains: ["example.test", "*.example.test"])
/// print("trust \(authority.certificatePath)")
/// ```
public struct LocalCertificateAuthority: Sendable {
    /// Lifetime of an issued leaf (CA/Browser Forum and Apple limit: at most 398 days).
    public static let issuedLifetime: TimeInterval = 397 * 86_400
    /// How long before expiry a cached leaf is replaced.
    public static let renewalWindow: TimeInterval = 30 * 86_400
    /// Lifetime of a newly created CA certificate (10 years).
    public static let authorityLifetime: TimeInterval = 3_650 * 86_400
    /// Back-dating of `notBefore`, to tolerate clients whose clocks run a little slow.
    static let backdating: TimeInterval = 3_600

    /// The directory holding `ca.pem`, `ca-key.pem` and `issued/`.
    public let directory: String
    /// The CA certificate in PEM form (what clients must trust).
    public let certificatePEM: String
    /// The parsed CA certificate.
    let certificate: Certificate
    /// The CA signing key.
    let privateKey: P256.Signing.PrivateKey

    /// Path of the CA certificate, to print for users (`curl --cacert`, browsers' trust stores).
    public var certificatePath: String { self.directory + "/ca.pem" }
    /// Path of the CA private key (mode 0600).
    public var privateKeyPath: String { self.directory + "/ca-key.pem" }
    /// Directory of cached issued leaves.
    var issuedDirectory: String { self.directory + "/issued" }

    /// Loads the CA from `directory`, or creates it there (directory mode 0700) when neither file exists.
    ///
    /// Refuses, rather than overwrites, a half-present CA (one file without the other) or a key that does not
    /// belong to the certificate: users may already trust that certificate.
    /// - Parameters:
    ///   - directory: The state directory (created when missing).
    ///   - now: The current time, used for a new CA's validity.
    /// - Throws: ``EdgeTLSError`` of kind `localAuthorityFailed`, naming the file.
    public init(directory: String, now: Date = Date()) throws {
        self.directory = directory
        let files = FileManager.default
        let certificatePath = directory + "/ca.pem"
        let keyPath = directory + "/ca-key.pem"
        try Self.makeDirectory(directory)

        switch (files.fileExists(atPath: certificatePath), files.fileExists(atPath: keyPath)) {
        case (true, true):
            let pem = try Self.readText(certificatePath)
            let keyPEM = try Self.readText(keyPath)
            do {
                self.certificate = try Certificate(pemEncoded: pem)
            } catch {
                throw EdgeTLSError(
                    .localAuthorityFailed, file: certificatePath, detail: "not a PEM certificate: \(error)")
            }
            do {
                self.privateKey = try P256.Signing.PrivateKey(pemRepresentation: keyPEM)
            } catch {
                throw EdgeTLSError(.localAuthorityFailed, file: keyPath, detail: "not a PEM P-256 key: \(error)")
            }
            guard self.certificate.publicKey == Certificate.PublicKey(self.privateKey.publicKey) else {
                throw EdgeTLSError(.localAuthorityFailed, file: keyPath, detail: "key does not match ca.pem")
            }
            self.certificatePEM = pem
        case (false, false):
            let key = P256.Signing.PrivateKey()
            let certificate = try Self.makeAuthorityCertificate(key: key, now: now)
            let pem: String
            do {
                pem = try certificate.serializeAsPEM().pemString + "\n"
            } catch {
                throw EdgeTLSError(.localAuthorityFailed, file: certificatePath, detail: "\(error)")
            }
            try Self.writeFile(keyPath, contents: key.pemRepresentation + "\n", mode: 0o600)
            try Self.writeFile(certificatePath, contents: pem, mode: 0o644)
            self.certificate = certificate
            self.privateKey = key
            self.certificatePEM = pem
        case (true, false):
            throw EdgeTLSError(.localAuthorityFailed, file: keyPath, detail: "ca.pem exists but its key is missing")
        case (false, true):
            throw EdgeTLSError(.localAuthorityFailed, file: certificatePath, detail: "ca-key.pem exists without ca.pem")
        }
    }

    /// The CA's distinguished name, `CN=Edge Local CA, O=edge`.
    static func authorityName() throws -> DistinguishedName {
        try DistinguishedName {
            OrganizationName("edge")
            CommonName("Edge Local CA")
        }
    }

    /// A self-signed CA certificate: basicConstraints CA (path length 0), keyUsage keyCertSign + cRLSign.
    private static func makeAuthorityCertificate(key: P256.Signing.PrivateKey, now: Date) throws -> Certificate {
        do {
            let name = try Self.authorityName()
            let publicKey = Certificate.PublicKey(key.publicKey)
            return try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: publicKey,
                notValidBefore: now - Self.backdating,
                notValidAfter: now + Self.authorityLifetime,
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: publicKey)
                },
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
        } catch {
            throw EdgeTLSError(.localAuthorityFailed, detail: "creating the CA certificate: \(error)")
        }
    }

    // MARK: - Files

    /// Creates `path` (and parents) with mode 0700 when it does not exist.
    static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw EdgeTLSError(.localAuthorityFailed, file: path, detail: "exists and is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw EdgeTLSError(.localAuthorityFailed, file: path, detail: "cannot create directory: \(error)")
        }
    }

    /// Reads a UTF-8 file.
    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EdgeTLSError(.unreadableFile, file: path, detail: "cannot read")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `contents` to `path` atomically: a temporary file created with `mode` from the start (so a key
    /// is never readable by others, not even briefly), then renamed over `path`.
    static func writeFile(_ path: String, contents: String, mode: mode_t) throws {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            throw EdgeTLSError(.localAuthorityFailed, file: path, detail: "cannot create (errno \(errno))")
        }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                close(fd)
                unlink(temporary)
                throw EdgeTLSError(.localAuthorityFailed, file: path, detail: "cannot write (errno \(errno))")
            }
            written += result
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw EdgeTLSError(.localAuthorityFailed, file: path, detail: "cannot rename into place (errno \(errno))")
        }
    }
}
