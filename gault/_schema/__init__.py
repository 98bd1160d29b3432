"""The schema core (layer 3): annotations → codecs, code generation, per-class plans, change
change detection and the 0.14 dataclass view. Imports only the foundation (layer 0)."""
