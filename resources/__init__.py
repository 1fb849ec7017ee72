"""Non-code resources: icons, style sheets, desktop file and the demo library."""
