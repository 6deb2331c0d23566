"""disclosurelint: lint web pages for affiliate-disclosure and health-advertising compliance."""

__version__ = "0.1.0"
