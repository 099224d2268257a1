"""Ingestion: loaders for the shipped corpus and the learner's files, chunking, incremental indexing."""
