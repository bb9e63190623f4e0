// The EdgeOrigin module. See docs/architecture.md.
