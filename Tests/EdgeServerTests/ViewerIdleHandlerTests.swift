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
        let recorder = IdleEventRecorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ViewerIdleHandler(timeout: .seconds(60)))
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

    @Test func readsAndFlushesKeepItAlive() throws {
        let (channel, recorder) = try makeChannel()
        for _ in 0..<10 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(20))
            try channel.writeInbound(ByteBuffer(string: "x"))
        }
        for _ in 0..<10 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(20))
            channel.flush()
        }
        #expect(recorder.events == 0)
        channel.embeddedEventLoop.advanceTime(by: .seconds(80))
        #expect(recorder.events == 1)
        _ = try channel.finish()
    }
}
