// The EdgeRouting module. See docs/architecture.md.
