// The EdgeProxy module. See docs/architecture.md.
