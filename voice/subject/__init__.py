"""Data subjects' rights: finding a person, access packages, challenges, erasure and retention.

- `lookup`: a pseudonym or identifier to a respondent, saying nothing about anyone else;
- `purge`: what consent withdrawal removes from derived data (embeddings, topic assignments);
- `access`: the subject access package (JSON and HTML) and request tracking;
- `challenge`: challenges to a code or conclusion, and what indicators leave out meanwhile;
- `erasure`: erasing rows by following foreign keys, used for a person and by `retention`.
"""
