import Crypto
import Foundation
import X509

extension LocalCertificateAuthority {
    /// Issues (or reuses) a server certificate for `domains`, signed by this CA.
    ///
    /// The leaf has a fresh P-256 key, the domains (wildcards included) as DNS subject alternative names,
    /// extended key usage serverAuth, validity `now - 1h ... now + 397 days`, and the first domain as
    /// common name. It is cached under `issued/`, keyed by a hash of the sorted, normalised domains, and
    /// returned again on later calls (and restarts) until ``renewalWindow`` before it expires.
    /// - Parameters:
    ///   - domains: Host names and `*.` wildcards; at least one.
    ///   - now: The current time (injected so expiry can be tested).
    /// - Returns: The leaf certificate alone (not the chain; append ``certificatePEM`` for that) and its
    ///   private key, both PEM.
    /// - Throws: ``EdgeTLSError`` of kind `localAuthorityFailed`.
    public func issue(domains: [String], now: Date = Date()) throws -> (certificatePEM: String, privateKeyPEM: String) {
        let names = Self.normalizedDomains(domains)
        guard !names.isEmpty else {
            throw EdgeTLSError(.localAuthorityFailed, detail: "cannot issue a certificate without domains")
        }
        try Self.makeDirectory(self.issuedDirectory)
        let stem = self.issuedDirectory + "/" + Self.cacheKey(names)
        let certificatePath = stem + ".pem"
        let keyPath = stem + "-key.pem"

        if let cached = self.cachedLeaf(certificatePath: certificatePath, keyPath: keyPath, names: names, now: now) {
            return cached
        }
        let key = P256.Signing.PrivateKey()
        let leaf = try self.makeLeaf(names: names, orderedDomains: domains, key: key, now: now)
        let pem: String
        do {
            pem = try leaf.serializeAsPEM().pemString + "\n"
        } catch {
            throw EdgeTLSError(.localAuthorityFailed, file: certificatePath, detail: "\(error)")
        }
        let keyPEM = key.pemRepresentation + "\n"
        try Self.writeFile(keyPath, contents: keyPEM, mode: 0o600)
        try Self.writeFile(certificatePath, contents: pem, mode: 0o644)
        return (pem, keyPEM)
    }

    /// The cached leaf at the given paths, if it is still usable: both files parse, the key matches, this CA
    /// signed it, it names exactly `names`, and `now` is inside its validity minus the renewal window.
    private func cachedLeaf(
        certificatePath: String, keyPath: String, names: Set<String>, now: Date
    ) -> (certificatePEM: String, privateKeyPEM: String)? {
        guard let pemData = FileManager.default.contents(atPath: certificatePath),
            let keyData = FileManager.default.contents(atPath: keyPath)
        else { return nil }
        let pem = String(decoding: pemData, as: UTF8.self)
        let keyPEM = String(decoding: keyData, as: UTF8.self)
        guard let leaf = try? Certificate(pemEncoded: pem),
            let key = try? P256.Signing.PrivateKey(pemRepresentation: keyPEM),
            leaf.publicKey == Certificate.PublicKey(key.publicKey),
            leaf.issuer == self.certificate.subject,
            self.certificate.publicKey.isValidSignature(leaf.signature, for: leaf),
            leaf.notValidBefore <= now,
            now < leaf.notValidAfter - Self.renewalWindow,
            Self.dnsNames(of: leaf) == names
        else { return nil }
        return (pem, keyPEM)
    }

    /// Builds and signs a leaf for `names`.
    private func makeLeaf(
        names: Set<String>, orderedDomains: [String], key: P256.Signing.PrivateKey, now: Date
    ) throws -> Certificate {
        // Keep the configured order for the SAN list and CN (first domain), without duplicates.
        var seen = Set<String>()
        let ordered = orderedDomains.map(CertificateSelector.normalize).filter {
            !$0.isEmpty && seen.insert($0).inserted
        }
        let commonName = ordered[0]
        do {
            let publicKey = Certificate.PublicKey(key.publicKey)
            // CN is limited to 64 characters; with an empty subject the SAN extension must be critical.
            let hasCommonName = commonName.utf8.count <= 64
            let subject = try DistinguishedName {
                if hasCommonName { CommonName(commonName) }
            }
            let san = SubjectAlternativeNames(ordered.map { GeneralName.dnsName($0) })
            let authorityKeyID = try self.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            return try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: publicKey,
                notValidBefore: now - Self.backdating,
                notValidAfter: now + Self.issuedLifetime,
                issuer: self.certificate.subject,
                subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectKeyIdentifier(hash: publicKey)
                    AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
                    if hasCommonName { san } else { Critical(san) }
                },
                issuerPrivateKey: Certificate.PrivateKey(self.privateKey)
            )
        } catch {
            throw EdgeTLSError(.localAuthorityFailed, detail: "issuing for \(ordered): \(error)")
        }
    }

    /// Lowercased, trailing-dot-free, non-empty, de-duplicated domains.
    static func normalizedDomains(_ domains: [String]) -> Set<String> {
        Set(domains.map(CertificateSelector.normalize).filter { !$0.isEmpty })
    }

    /// File-name stem for a set of names: the first 32 hex digits of SHA-256 over the sorted names.
    static func cacheKey(_ names: Set<String>) -> String {
        let digest = SHA256.hash(data: Array(names.sorted().joined(separator: "\n").utf8))
        return digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The DNS names in a certificate's subject alternative names.
    static func dnsNames(of certificate: Certificate) -> Set<String> {
        guard let san = try? certificate.extensions.subjectAlternativeNames else { return [] }
        var names = Set<String>()
        for name in san {
            if case .dnsName(let dnsName) = name { names.insert(dnsName) }
        }
        return names
    }
}
