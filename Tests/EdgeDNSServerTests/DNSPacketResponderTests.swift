import EdgeDNS
import NIOCore
import Testing

@testable import EdgeDNSServer

@Suite struct DNSPacketResponderTests {
    @Test func clientAddressesKeepTheirByteOrder() throws {
        let v4 = try SocketAddress(ipAddress: "192.0.2.7", port: 53)
        #expect(DNSPacketResponder.clientAddress(v4) == .v4(IPv4Address("192.0.2.7")!))
        let v6 = try SocketAddress(ipAddress: "2001:db8::1", port: 53)
        #expect(DNSPacketResponder.clientAddress(v6)?.description == "2001:db8::1")
        #expect(DNSPacketResponder.clientAddress(nil) == nil)
    }
}
