"""Ingest: load, clean, chunk, embed and store source documents."""
