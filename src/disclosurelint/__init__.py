"""disclosurelint: lint web pages for affiliate-disclosure and health-advertising compliance."""

__version__ = "0.1.0"

from .engine import lint_source  # noqa: E402 (after __version__, which the modules import)

__all__ = ["__version__", "lint_source"]
