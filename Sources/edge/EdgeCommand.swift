import ArgumentParser
import EdgeServer

/// The `edge` command line.
@main
struct EdgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "A self-hostable edge tier: CDN edge node, API gateway and authoritative DNS.",
        version: EdgeVersion.current,
        subcommands: [ServeCommand.self, CheckCommand.self, ZoneCommand.self, VersionCommand.self]
    )
}

/// The version string.
enum EdgeVersion {
    static let current = EdgeServer.version
}

/// `edge version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print("edge \(EdgeVersion.current)")
    }
}
