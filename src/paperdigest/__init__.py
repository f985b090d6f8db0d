"""paperdigest: a static-site generator for a bilingual weekly digest of AI/ML papers."""

__version__ = "0.1.0"
