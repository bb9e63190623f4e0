import ArgumentParser

/// The `edge` command line.
@main
struct EdgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "A self-hostable edge tier: CDN edge node, API gateway and authoritative DNS."
    )
}
