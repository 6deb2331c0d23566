"""pytest configuration for the disclosurelint suite (helpers live in helpers.py)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: builds the wheel and installs it into a fresh venv (runs by default)"
    )
