import ArgumentParser
import EdgeConfig
import EdgeRouting
import Foundation

/// `edge check --config FILE`: validates and prints every problem as `file:line: key.path: message`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a configuration file and print every problem.")

    @Option(name: .long, help: "Configuration file.")
    var config: String = "edge-config/edge.yaml"

    func run() throws {
        do {
            let loaded = try ConfigLoader.load(path: config)
            let shadowing = loaded.locate(BehaviorShadowing.problems(in: loaded.configuration, file: loaded.file))
            for problem in loaded.warnings + shadowing { print(problem) }
            let c = loaded.configuration
            let warnings = loaded.warnings.count + shadowing.count
            print(
                "\(config): OK: \(c.listeners.count) listener(s), \(c.certificates.count) certificate(s), "
                    + "\(c.origins.count) origin(s), \(c.originGroups.count) origin group(s), "
                    + "\(c.distributions.count) distribution(s), \(warnings) warning(s)")
        } catch {
            for problem in error.problems { print(problem) }
            let errors = error.problems.filter { $0.severity == .error }.count
            FileHandle.standardError.write(Data("\(config): \(errors) error(s)\n".utf8))
            throw ExitCode(1)
        }
    }
}
