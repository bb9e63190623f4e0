"""HTTP/2 request header validation (RFC 9113 §8.2-8.3), driven with the `h2` library so that malformed
header blocks can be sent at all: a malformed request gets RST_STREAM PROTOCOL_ERROR and the connection
keeps serving the next stream; hit-path and full-path responses over h2 carry the right headers."""

import socket
import ssl

import pytest

h2 = pytest.importorskip("h2")
import h2.config  # noqa: E402
import h2.connection  # noqa: E402
import h2.events  # noqa: E402

from test_tls import selfsigned_edge  # noqa: E402,F401  (fixture)


class Client:
    def __init__(self, port):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_alpn_protocols(["h2"])
        raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock = context.wrap_socket(raw, server_hostname="site.test")
        assert self.sock.selected_alpn_protocol() == "h2"
        config = h2.config.H2Configuration(client_side=True, validate_outbound_headers=False,
                                           normalize_outbound_headers=False, validate_inbound_headers=False)
        self.conn = h2.connection.H2Connection(config=config)
        self.conn.initiate_connection()
        self.sock.sendall(self.conn.data_to_send())

    def request(self, headers):
        stream = self.conn.get_next_available_stream_id()
        self.conn.send_headers(stream, headers, end_stream=True)
        self.sock.sendall(self.conn.data_to_send())
        status, response_headers, body = None, {}, b""
        while True:
            data = self.sock.recv(65536)
            assert data, "connection closed"
            for event in self.conn.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived) and event.stream_id == stream:
                    response_headers = {k.decode(): v.decode() for k, v in event.headers}
                    status = response_headers[":status"]
                elif isinstance(event, h2.events.DataReceived) and event.stream_id == stream:
                    body += event.data
                    self.conn.acknowledge_received_data(event.flow_controlled_length, stream)
                elif isinstance(event, h2.events.StreamReset) and event.stream_id == stream:
                    self.sock.sendall(self.conn.data_to_send())
                    return ("reset", event.error_code), {}, b""
                elif isinstance(event, h2.events.StreamEnded) and event.stream_id == stream:
                    self.sock.sendall(self.conn.data_to_send())
                    return status, response_headers, body
            self.sock.sendall(self.conn.data_to_send())

    def close(self):
        self.sock.close()


def base(path="/"):
    return [(":method", "GET"), (":scheme", "https"), (":path", path), (":authority", "site.test")]


@pytest.mark.parametrize("extra", [
    [("connection", "keep-alive")],
    [("transfer-encoding", "chunked")],
    [("te", "gzip")],
    [("X-Upper", "1")],
    [("x-bad", " leading-space")],
])
def test_malformed_requests_are_reset_and_the_connection_goes_on(selfsigned_edge, extra):  # noqa: F811
    client = Client(selfsigned_edge.https)
    try:
        status, _, _ = client.request(base() + extra)
        assert status == ("reset", h2.errors.ErrorCodes.PROTOCOL_ERROR)
        status, headers, body = client.request(base())
        assert status == "200"
        assert body == b"tls site index\n"
    finally:
        client.close()


def test_missing_or_misplaced_pseudo_headers_are_reset(selfsigned_edge):  # noqa: F811
    client = Client(selfsigned_edge.https)
    try:
        no_path = [h for h in base() if h[0] != ":path"]
        assert client.request(no_path)[0] == ("reset", h2.errors.ErrorCodes.PROTOCOL_ERROR)
        late = [(":method", "GET"), (":scheme", "https"), ("accept", "*/*"), (":path", "/")]
        assert client.request(late)[0] == ("reset", h2.errors.ErrorCodes.PROTOCOL_ERROR)
        assert client.request(base())[0] == "200"
    finally:
        client.close()


def test_hit_path_and_full_path_headers_over_h2(selfsigned_edge):  # noqa: F811
    client = Client(selfsigned_edge.https)
    try:
        for _ in range(2):  # the second answer comes from the hot cache
            status, headers, body = client.request(base("/"))
            assert status == "200"
            assert headers["content-length"] == str(len(body))
            assert headers["etag"].startswith('"')
            assert len(headers["x-edge-request-id"]) == 16
            assert "date" in headers
        status, headers, _ = client.request(base("/") + [("range", "bytes=0-2")])
        assert status == "206"
        assert headers["content-range"].startswith("bytes 0-2/")
    finally:
        client.close()
