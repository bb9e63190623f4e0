import EdgeCore
import EdgeOrigin
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// What every connection of a running server shares: the current configuration snapshot, loggers,
/// per-loop origin pools, file I/O and the drain flag. Immutable references plus locked boxes.
final class ServerContext: Sendable {
    let clock: any EdgeClock
    let accessLog: Logger
    let errorLog: Logger
    let fileIO: NonBlockingFileIO
    private let pools: [ObjectIdentifier: OriginConnectionPool]
    private let hotCaches: [ObjectIdentifier: LoopBound<DirectoryHotCache>]
    private let state: NIOLockedValueBox<RuntimeState>
    private let dateCache = NIOLockedValueBox<(second: Int, text: String)>((0, ""))
    let connections = ConnectionRegistry()
    let draining = NIOLockedValueBox<Bool>(false)

    init(
        group: MultiThreadedEventLoopGroup, state: RuntimeState, clock: any EdgeClock, accessLog: Logger,
        errorLog: Logger,
        threadPool: NIOThreadPool, resolver: (any OriginAddressResolver)? = nil
    ) {
        self.clock = clock
        self.accessLog = accessLog
        self.errorLog = errorLog
        self.fileIO = NonBlockingFileIO(threadPool: threadPool)
        var pools: [ObjectIdentifier: OriginConnectionPool] = [:]
        var hotCaches: [ObjectIdentifier: LoopBound<DirectoryHotCache>] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = OriginConnectionPool(eventLoop: loop, resolver: resolver)
            hotCaches[ObjectIdentifier(loop)] = LoopBound(DirectoryHotCache())
        }
        self.pools = pools
        self.hotCaches = hotCaches
        self.state = NIOLockedValueBox(state)
    }

    /// The configuration snapshot new requests use.
    func currentState() -> RuntimeState { state.withLockedValue { $0 } }

    /// Swaps in a new snapshot (reload). In-flight requests keep the one they started with.
    func replaceState(_ new: RuntimeState) { state.withLockedValue { $0 = new } }

    /// The origin pool of a loop.
    func pool(for loop: any EventLoop) -> OriginConnectionPool {
        pools[ObjectIdentifier(loop)]!
    }

    /// The directory hot cache of a loop; use it only on that loop.
    func hotCache(for loop: any EventLoop) -> DirectoryHotCache {
        hotCaches[ObjectIdentifier(loop)]!.value
    }

    /// Every pool (for shutdown).
    var allPools: [OriginConnectionPool] { Array(pools.values) }

    /// The current `Date` header value, formatted at most once a second.
    func httpDate() -> String {
        let now = Int(clock.now())
        return dateCache.withLockedValue { cache in
            if cache.second != now {
                cache = (now, HTTPDate.format(Int64(now)))
            }
            return cache.text
        }
    }
}

/// The open viewer connections, so a drain can tell them to finish and close.
final class ConnectionRegistry: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    /// Tracks a channel until it closes.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        channels.withLockedValue { $0[id] = channel }
        channel.closeFuture.whenComplete { _ in
            self.channels.withLockedValue { _ = $0.removeValue(forKey: id) }
        }
    }

    /// How many are open.
    var count: Int { channels.withLockedValue { $0.count } }

    /// Sends the drain event to every open connection.
    func drainAll() {
        for channel in channels.withLockedValue({ Array($0.values) }) {
            channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        }
    }
}

/// Tells a connection to finish its current response and close (graceful shutdown).
struct DrainEvent: Sendable {}

/// A value used only on the event loop that owns it (the owner keeps that promise; there is no check,
/// so the hot path pays nothing).
final class LoopBound<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
