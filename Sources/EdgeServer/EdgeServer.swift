// The EdgeServer module. See docs/architecture.md.
