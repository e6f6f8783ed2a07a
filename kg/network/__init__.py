"""govkg network stage."""
