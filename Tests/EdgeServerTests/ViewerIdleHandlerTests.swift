import NIOCore
import NIOEmbedded
import Testing

@testable import EdgeServer

/// Counts idle events.
final class IdleEventRecorder: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    var events = 0

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all { events += 1 }
    }
}

@Suite struct ViewerIdleHandlerTests {
    func makeChannel() throws -> (EmbeddedChannel, IdleEventRecorder) {
        try makeChannel(ViewerIdleHandler(timeout: .seconds(60)))
    }

    func makeChannel(_ idle: ViewerIdleHandler) throws -> (EmbeddedChannel, IdleEventRecorder) {
        let recorder = IdleEventRecorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(idle)
        try channel.pipeline.syncOperations.addHandler(recorder)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, recorder)
    }

    @Test func quietConnectionGetsOneEventAfterTheTimeout() throws {
        let (channel, recorder) = try makeChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(45))
        #expect(recorder.events == 0)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(recorder.events == 1)
        _ = try channel.finish()
    }

    @Test func readsAndNotedFlushesKeepItAlive() throws {
        let idle = ViewerIdleHandler(timeout: .seconds(60))
        let (channel, recorder) = try makeChannel(idle)
        for _ in 0..<10 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(20))
            try channel.writeInbound(ByteBuffer(string: "x"))
        }
        for _ in 0..<10 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(20))
            idle.noteActivity()  // what the connection handlers do when they flush
        }
        #expect(recorder.events == 0)
        channel.embeddedEventLoop.advanceTime(by: .seconds(80))
        #expect(recorder.events == 1)
        _ = try channel.finish()
    }
}
