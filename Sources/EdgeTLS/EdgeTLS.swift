// The EdgeTLS module. See docs/architecture.md.
