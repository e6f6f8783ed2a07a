"""govkg validate stage."""
