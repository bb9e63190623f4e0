// The authoritative DNS answer engine and its UDP/TCP listeners. See docs/dns.md.
