import Foundation
import NIOConcurrencyHelpers

/// The hosts file as it is now: re-read when its size, inode or modification time changes, which is
/// checked at most once per `checkInterval` seconds of the injected clock.
///
/// The check (a `stat`) and a re-read happen on the caller's thread, under a lock: the file is small
/// and changes rarely. A missing or unreadable file counts as empty.
final class HostsFileMonitor: Sendable {
    private struct Signature: Hashable {
        var size: UInt64
        var inode: UInt64
        var modified: Double
    }

    private struct State {
        var checkedAt = -Double.infinity
        var signature: Signature?
        var file = HostsFile.empty
    }

    /// The file's path.
    let path: String
    /// Seconds between checks for a change.
    let checkInterval: Double
    private let state = NIOLockedValueBox(State())

    init(path: String, checkInterval: Double) {
        self.path = path
        self.checkInterval = checkInterval
    }

    /// The addresses the file gives `host`, re-reading it first if it may have changed.
    func lookup(_ host: String, now: Double) -> HostsFile.Entry? {
        state.withLockedValue { state in
            if now - state.checkedAt >= checkInterval || now < state.checkedAt {
                state.checkedAt = now
                let signature = Self.signature(path)
                if signature != state.signature {
                    state.signature = signature
                    let text = signature == nil ? nil : try? String(contentsOfFile: path, encoding: .utf8)
                    state.file = text.map(HostsFile.init(parsing:)) ?? .empty
                }
            }
            return state.file.lookup(host)
        }
    }

    private static func signature(_ path: String) -> Signature? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return Signature(
            size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
            inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
            modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
    }
}
