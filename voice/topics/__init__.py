"""Topic modelling in the platform: runs over consented, redacted documents as background jobs.

corpus.py picks the documents (filter and consent), cache.py keeps embeddings by content hash
(and `forget_documents` removes withdrawn or erased ones), runs.py starts runs, jobs.py fits and
saves them, codebooks.py links runs to codebook versions and promotes themes to codes, charts.py
breaks topics down by authority and period through disclosure control. The modelling itself is
coding.topics.
"""
