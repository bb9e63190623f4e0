// Authoritative DNS: zone files, wire format, routing policies. See docs/dns.md.
