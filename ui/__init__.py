"""The Qt desktop client: presentation only, library calls on one worker thread."""
