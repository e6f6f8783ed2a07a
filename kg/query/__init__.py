"""govkg query stage."""
