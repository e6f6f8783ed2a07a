"""govkg ingest stage."""
