import ArgumentParser
import EdgeDNS
import Foundation

/// `edge zone …`: zone-file tools.
struct ZoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zone", abstract: "Zone-file tools.", subcommands: [ZoneCheckCommand.self])
}

/// `edge zone check FILE [--origin NAME]`: parses and checks a zone file as `named-checkzone` does.
struct ZoneCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a BIND-format zone file; prints problems as file:line: message.")

    @Argument(help: "The zone file.")
    var file: String

    @Option(name: .long, help: "The zone's origin (default: $ORIGIN in the file, else the file name).")
    var origin: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            FileHandle.standardError.write(Data("\(file): cannot read the file\n".utf8))
            throw ExitCode(1)
        }
        let originName: DNSName?
        if let origin {
            do {
                originName = try DNSName(origin.hasSuffix(".") ? origin : origin + ".")
            } catch {
                FileHandle.standardError.write(Data("--origin \(origin): \(error)\n".utf8))
                throw ExitCode(1)
            }
        } else {
            originName = nil
        }
        // $INCLUDE paths are relative to the zone file; the parser refuses absolute paths and `..`.
        let directory = (file as NSString).deletingLastPathComponent
        let report = ZoneCheckReport(text: text, file: file, origin: originName) { include in
            let path = directory.isEmpty ? include : directory + "/" + include
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw CocoaError(.fileReadNoSuchFile)
            }
            return text
        }
        for line in report.lines { print(line) }
        if !report.isLoadable { throw ExitCode(1) }
    }
}
