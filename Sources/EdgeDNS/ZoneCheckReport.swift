/// The outcome of `edge zone check FILE [--origin NAME]`: the parse and the semantic checks in one
/// value, so the CLI only reads the file and prints `lines`.
public struct ZoneCheckReport: Sendable {
    /// The zone, when it parsed (it may still have semantic errors).
    public var zone: Zone?
    /// Syntax problems from the parser, in file order.
    public var syntaxProblems: [ZoneFileProblem]
    /// Semantic problems from `ZoneChecker`, errors and warnings.
    public var semanticProblems: [ZoneProblem]

    /// Parses and checks a zone file.
    /// - Parameters: as `ZoneFileParser.parse(text:file:origin:zoneClass:includeLoader:)`.
    public init(text: String, file: String, origin: DNSName?, includeLoader: ((String) throws -> String)? = nil) {
        do {
            let zone = try ZoneFileParser.parse(text: text, file: file, origin: origin, includeLoader: includeLoader)
            self.zone = zone
            syntaxProblems = []
            semanticProblems = ZoneChecker.check(zone)
        } catch {
            zone = nil
            syntaxProblems = error.problems
            semanticProblems = []
        }
    }

    /// Whether the zone can be served: it parsed and no check found an error (warnings allowed).
    public var isLoadable: Bool {
        zone != nil && !semanticProblems.contains { $0.severity == .error }
    }

    /// What to print, one problem per line, then a summary in the style of `named-checkzone`
    /// (`zone example.test/IN: loaded serial 2024010101` and `OK`, or `zone example.test/IN: not loaded due to errors.`).
    public var lines: [String] {
        var lines = syntaxProblems.map(\.description) + semanticProblems.map(\.description)
        let name = zone.map { $0.origin.isRoot ? "." : String($0.origin.description.dropLast()) } ?? "?"
        let zoneClass = zone?.zoneClass.description ?? "IN"
        if isLoadable, let zone {
            lines.append("zone \(name)/\(zoneClass): loaded serial \(zone.soa?.serial ?? 0)")
            lines.append("OK")
        } else {
            lines.append("zone \(name)/\(zoneClass): not loaded due to errors.")
        }
        return lines
    }
}
