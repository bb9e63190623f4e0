import ArgumentParser
import EdgeServer
import Foundation

/// `edge serve [--config FILE]`: runs the node until SIGTERM / SIGINT; SIGHUP reloads.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the edge node (SIGHUP reloads, SIGTERM/SIGINT drain and stop).")

    @Option(name: .long, help: "Configuration file.")
    var config: String = "edge-config/edge.yaml"

    @Option(name: .long, help: "Event loops (default: one per CPU this process may run on).")
    var threads: Int?

    func run() throws {
        FileDescriptorLimit.raiseToHardLimit()
        let server: EdgeServer
        do {
            server = try EdgeServer(configPath: config, threads: max(1, threads ?? EdgeServer.usableCPUCount))
        } catch let error as EdgeServerError {
            for problem in error.problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
            throw ExitCode(1)
        }
        do {
            try server.start()
        } catch let error as EdgeServerError {
            for problem in error.problems { FileHandle.standardError.write(Data(("edge: " + problem + "\n").utf8)) }
            server.waitUntilStopped()
            throw ExitCode(1)
        }
        if let ca = server.localCAPath {
            FileHandle.standardError.write(
                Data("edge: local CA certificate: \(ca) (trust it: curl --cacert \(ca))\n".utf8))
        }
        let signals = SignalWatcher()
        signals.onReload = { _ = server.reload() }
        signals.onStop = { server.shutdown() }
        signals.start()
        server.waitUntilStopped()
    }
}

/// Turns SIGHUP, SIGTERM and SIGINT into calls, on a queue of its own.
final class SignalWatcher: @unchecked Sendable {
    var onReload: @Sendable () -> Void = {}
    var onStop: @Sendable () -> Void = {}
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "edge.signals")
    private var stopping = false

    func start() {
        for sig in [SIGHUP, SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [unowned self] in
                if sig == SIGHUP {
                    self.onReload()
                } else if !self.stopping {
                    self.stopping = true
                    self.onStop()
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}
