"""Real-browser and standards suite (issue 5); a package so its conftest never shadows tests/conftest.py."""
