/// Parses zone files in BIND master-file format (RFC 1035 §5): `$ORIGIN`, `$TTL`, `$INCLUDE`, `@`,
/// relative names, blank owners, omitted TTL and class, parentheses, comments, quoted strings, escapes,
/// TTL units and RFC 3597 `\#` data. Pure: included files come through `includeLoader`.
///
/// ```swift
/// let zone = try ZoneFileParser.parse(text: text, file: "example.test.zone", origin: DNSName("example.test."))
/// let problems = ZoneChecker.check(zone)
/// ```
public enum ZoneFileParser {
    /// How deep `$INCLUDE`s may nest (the top-level file is depth 0).
    public static let maximumIncludeDepth = 8

    /// Parses a zone.
    /// - Parameters:
    ///   - text: The zone file's contents.
    ///   - file: The name used in problems (e.g. the path as configured).
    ///   - origin: The zone's apex. If nil, the first `$ORIGIN` (or an absolute SOA owner in the first
    ///     record) sets it.
    ///   - zoneClass: The zone's class; a record of another class is an error.
    ///   - includeLoader: Reads an `$INCLUDE`d file, given its path relative to the directory of the
    ///     top-level zone file (paths are already checked to be relative and free of `..`; the caller
    ///     still confines them to its config directory). Nil refuses every `$INCLUDE`.
    /// - Returns: the zone, records in file order.
    /// - Throws: `ZoneFileErrors` with every problem found.
    public static func parse(
        text: String, file: String, origin: DNSName? = nil, zoneClass: RecordClass = .in,
        includeLoader: ((String) throws -> String)? = nil
    ) throws(ZoneFileErrors) -> Zone {
        var state = ZoneParseState(
            origin: origin, zoneClass: zoneClass, includeLoader: includeLoader, topDirectory: directory(of: file))
        state.parse(text: text, label: file, relativePath: nil, depth: 0)
        if state.zoneOrigin == nil && state.problems.isEmpty {
            state.problems.append(
                ZoneFileProblem(
                    file: file, line: 1, kind: .badOwner,
                    message: "no origin: give one or start the file with $ORIGIN"))
        }
        guard state.problems.isEmpty, let zoneOrigin = state.zoneOrigin else {
            throw ZoneFileErrors(problems: state.problems)
        }
        return Zone(origin: zoneOrigin, zoneClass: state.zoneClass, records: state.records, locations: state.locations)
    }

    /// The directory part of a path, with a trailing slash, or "" if there is none.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }
}

/// The mutable state of one parse: what RFC 1035 calls the current origin, owner, TTL and class.
struct ZoneParseState {
    var origin: DNSName?
    var zoneOrigin: DNSName?
    let zoneClass: RecordClass
    var lastOwner: DNSName?
    var defaultTTL: UInt32?
    var lastTTL: UInt32?
    var records: [ResourceRecord] = []
    var locations: [ZoneLocation] = []
    var problems: [ZoneFileProblem] = []
    var includeStack: [String] = []
    let includeLoader: ((String) throws -> String)?
    let topDirectory: String

    init(origin: DNSName?, zoneClass: RecordClass, includeLoader: ((String) throws -> String)?, topDirectory: String) {
        self.origin = origin
        self.zoneClass = zoneClass
        self.zoneOrigin = origin
        self.includeLoader = includeLoader
        self.topDirectory = topDirectory
    }

    mutating func parse(text: String, label: String, relativePath: String?, depth: Int) {
        for entry in ZoneTokenizer.entries(text) {
            let site = ZoneLocation(file: label, line: entry.line)
            if let error = entry.error {
                report(site, .syntax, error)
                continue
            }
            if !entry.blankOwner, let first = entry.tokens.first, !first.quoted, first.raw.first == UInt8(ascii: "$") {
                directive(entry, site: site, relativePath: relativePath, depth: depth)
                continue
            }
            do throws(ZoneLineError) {
                let record = try self.record(entry)
                records.append(record)
                locations.append(ZoneLocation(file: label, line: entry.line))
            } catch {
                report(site, error.kind, error.message)
            }
        }
    }

    mutating func report(_ site: ZoneLocation, _ kind: ZoneFileProblem.Kind, _ message: String) {
        problems.append(ZoneFileProblem(file: site.file, line: site.line, kind: kind, message: message))
    }

    private mutating func directive(
        _ entry: ZoneEntry, site: ZoneLocation, relativePath: String?, depth: Int
    ) {
        let name = entry.tokens[0].text.uppercased()
        let arguments = Array(entry.tokens.dropFirst())
        switch name {
        case "$ORIGIN":
            guard arguments.count == 1 else { return report(site, .badDirective, "$ORIGIN takes one name") }
            do {
                let newOrigin = try DNSName(presentation: arguments[0].raw, origin: origin)
                origin = newOrigin
                if zoneOrigin == nil { zoneOrigin = newOrigin }
            } catch {
                report(site, .badDirective, "$ORIGIN: \(error.message)")
            }
        case "$TTL":
            guard arguments.count == 1 else { return report(site, .badDirective, "$TTL takes one TTL") }
            do {
                defaultTTL = try DNSTTL.parse(arguments[0].raw)
            } catch {
                report(site, .badTTL, "$TTL: \(error.message)")
            }
        case "$INCLUDE":
            guard (1...2).contains(arguments.count) else {
                return report(site, .badDirective, "$INCLUDE takes a file name and an optional origin")
            }
            include(arguments, site: site, relativePath: relativePath, depth: depth)
        case "$GENERATE":
            report(site, .badDirective, "$GENERATE is not supported")
        default:
            report(site, .badDirective, "unknown directive \(entry.tokens[0].text)")
        }
    }

    private mutating func include(
        _ arguments: [ZoneToken], site: ZoneLocation, relativePath: String?, depth: Int
    ) {
        guard let path = try? String(decoding: PresentationText.unescapeAll(arguments[0].raw), as: UTF8.self),
            !path.isEmpty
        else { return report(site, .includeRefused, "$INCLUDE: bad file name") }
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            return report(site, .includeRefused, "$INCLUDE '\(path)': absolute paths and '..' are not allowed")
        }
        let resolved = ZoneFileParser.directory(of: relativePath ?? "") + path
        guard depth < ZoneFileParser.maximumIncludeDepth else {
            return report(
                site, .includeRefused, "$INCLUDE '\(path)': nested deeper than \(ZoneFileParser.maximumIncludeDepth)")
        }
        guard !includeStack.contains(resolved) else {
            return report(site, .includeRefused, "$INCLUDE '\(path)': includes itself")
        }
        var includeOrigin = origin
        if arguments.count == 2 {
            do {
                includeOrigin = try DNSName(presentation: arguments[1].raw, origin: origin)
            } catch {
                return report(site, .badDirective, "$INCLUDE origin: \(error.message)")
            }
        }
        guard let includeLoader else {
            return report(site, .includeRefused, "$INCLUDE '\(path)': includes are not allowed here")
        }
        let text: String
        do {
            text = try includeLoader(resolved)
        } catch {
            return report(site, .includeFailed, "$INCLUDE '\(path)': \(error)")
        }
        let (savedOrigin, savedOwner) = (origin, lastOwner)
        origin = includeOrigin
        if zoneOrigin == nil { zoneOrigin = includeOrigin }
        includeStack.append(resolved)
        parse(text: text, label: topDirectory + resolved, relativePath: resolved, depth: depth + 1)
        includeStack.removeLast()
        (origin, lastOwner) = (savedOrigin, savedOwner)
    }
}
