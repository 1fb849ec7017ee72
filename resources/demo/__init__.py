"""The demo library: realistic collateral, users, feedback and usage for a fictional vendor."""
