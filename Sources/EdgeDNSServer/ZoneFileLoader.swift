import EdgeDNS
import Foundation

/// Reads, parses and checks the zone files of the `dns.zones` configuration, for start-up and reload.
///
/// ```swift
/// let zones = try ZoneFileLoader.loadZoneSet(files: ["zones/example.test.zone"], baseDirectory: "/etc/edge")
/// server.replaceZones(zones)          // on SIGHUP; on error keep serving the old set and log `error`
/// ```
public enum ZoneFileLoader {
    /// Loads one zone file: the origin comes from its `$ORIGIN` (or an absolute SOA owner); `$INCLUDE`s
    /// are read relative to the file's directory.
    /// - Parameters:
    ///   - file: The path as configured, relative to `baseDirectory` unless absolute.
    ///   - baseDirectory: The configuration file's directory.
    /// - Returns: the zone and its check warnings (`file:line: message` lines).
    /// - Throws: `ZoneLoadError` with every syntax or check error, or if the file cannot be read.
    public static func load(file: String, baseDirectory: String) throws(ZoneLoadError) -> (
        zone: Zone, warnings: [String]
    ) {
        let path = file.hasPrefix("/") || baseDirectory.isEmpty ? file : baseDirectory + "/" + file
        guard let text = read(path) else { throw ZoneLoadError(zone: file, problems: ["cannot read \(path)"]) }
        let directory = (path as NSString).deletingLastPathComponent
        let report = ZoneCheckReport(text: text, file: file, origin: nil) { include in
            guard let text = read(directory.isEmpty ? include : directory + "/" + include) else {
                throw ZoneLoadError(zone: file, problems: ["cannot read \(include)"])
            }
            return text
        }
        guard report.isLoadable, let zone = report.zone else {
            let problems =
                report.syntaxProblems.map(\.description)
                + report.semanticProblems.filter { $0.severity == .error }.map(\.description)
            throw ZoneLoadError(zone: file, problems: problems.isEmpty ? ["not loadable"] : problems)
        }
        return (zone, report.semanticProblems.map(\.description))
    }

    /// Loads every file and indexes them into a zone set; all or nothing, so a broken zone on reload
    /// leaves the caller's current set in service.
    /// - Throws: `ZoneLoadError` for the first file that fails.
    public static func loadZoneSet(files: [String], baseDirectory: String) throws(ZoneLoadError)
        -> AuthoritativeZoneSet
    {
        var zones: [Zone] = []
        for file in files { zones.append(try load(file: file, baseDirectory: baseDirectory).zone) }
        return try AuthoritativeZoneSet(zones)
    }

    private static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
}
