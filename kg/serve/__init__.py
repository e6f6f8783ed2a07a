"""govkg serve stage."""
