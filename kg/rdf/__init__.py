"""govkg rdf stage."""
