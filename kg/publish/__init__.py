"""govkg publish stage."""
