"""govkg build stage."""
