"""Ingestion: files to cleaned, language-tagged, page-aware passages with metadata and entities."""
