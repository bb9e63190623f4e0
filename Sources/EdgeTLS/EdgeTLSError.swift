/// The one error type of EdgeTLS: what failed, which `certificates:` entry it concerns (if any), and
/// the file involved, so a config load can say exactly what to fix.
public struct EdgeTLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of failures.
    public enum Kind: String, Sendable, Hashable {
        /// A certificate entry names no `certificateFile` / `privateKeyFile` and is not `selfSigned`.
        case missingFile
        /// A file does not exist or cannot be read.
        case unreadableFile
        /// A certificate file holds no usable PEM certificate.
        case invalidCertificate
        /// A key file holds no usable PEM private key.
        case invalidPrivateKey
        /// The private key does not belong to the certificate, or BoringSSL refused the pair.
        case contextCreationFailed
        /// A `selfSigned` entry, but no local certificate authority was supplied.
        case noLocalAuthority
        /// The local certificate authority could not be created, loaded, stored or could not issue.
        case localAuthorityFailed
        /// A connection's server name matched no certificate and there is no default.
        case unrecognizedName
    }

    /// What went wrong.
    public var kind: Kind
    /// Position of the `certificates:` entry concerned, or `nil` when the error is not about one.
    public var entryIndex: Int?
    /// The file concerned, as resolved, or `nil`.
    public var file: String?
    /// Detail for logs and the operator (for example the underlying library error).
    public var detail: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - entryIndex: Position of the `certificates:` entry concerned.
    ///   - file: The file concerned.
    ///   - detail: Detail for the operator.
    public init(_ kind: Kind, entryIndex: Int? = nil, file: String? = nil, detail: String = "") {
        self.kind = kind
        self.entryIndex = entryIndex
        self.file = file
        self.detail = detail
    }

    /// A one-line description, e.g. `certificates[1]: invalidPrivateKey: certs/a.key: no key found`.
    public var description: String {
        var parts: [String] = []
        if let entryIndex { parts.append("certificates[\(entryIndex)]") }
        parts.append(self.kind.rawValue)
        if let file { parts.append(file) }
        if !self.detail.isEmpty { parts.append(self.detail) }
        return parts.joined(separator: ": ")
    }
}
