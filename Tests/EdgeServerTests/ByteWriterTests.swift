import NIOCore
import Testing

@testable import EdgeServer

@Suite struct ByteWriterTests {
    private func written(estimate: Int, _ body: (inout ByteWriter) -> Void) -> String {
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        buffer.writeStaticString("<")
        buffer.writeHead(estimate: estimate, body)
        return String(buffer: buffer)
    }

    @Test func writesEveryKindOfPiece() {
        let text = written(estimate: 64) { w in
            w.write("static ")
            w.write("string é ")
            w.write(ByteBuffer(string: "buffer "))
            "raw ".utf8.withContiguousStorageIfAvailable { w.write(UnsafeRawBufferPointer($0)) }
            w.writeDecimal(0)
            w.write(" ")
            w.writeDecimal(1_234_567)
            w.write(" ")
            w.writeDecimal(-42)
            w.write(" ")
            w.writeDecimal(Int.max)
            w.write(" ")
            w.writeDecimal(Int.min)
        }
        #expect(text == "<static string é buffer raw 0 1234567 -42 \(Int.max) \(Int.min)")
    }

    @Test func aShortEstimateRunsTheBodyAgainWithTheExactSize() {
        var runs = 0
        let long = String(repeating: "x", count: 5000)
        let text = written(estimate: 8) { w in
            runs += 1
            w.write("head: ")
            w.write(long)
            w.write("\r\n")
        }
        #expect(text == "<head: " + long + "\r\n")
        #expect(runs == 2)
    }

    @Test func anExactEstimateRunsOnce() {
        var runs = 0
        let text = written(estimate: 5) { w in
            runs += 1
            w.write("12345")
        }
        #expect(text == "<12345")
        #expect(runs == 1)
    }

    @Test func nothingWrittenLeavesTheBufferAsItWas() {
        #expect(written(estimate: 16) { _ in } == "<")
    }
}
