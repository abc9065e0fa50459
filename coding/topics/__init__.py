"""Topic modelling with BERTopic over redacted text, guided by a codebook (a library, no app)."""

from coding.topics.codes import CodeMatch, code_description, match_codes, seed_words
from coding.topics.fit import (DEFAULT_GUIDANCE, GUIDANCE_MODES, fit_topics,
                               package_versions)
from coding.topics.params import MIN_DOCS, TopicError, TopicParams, params_for
from coding.topics.result import Topic, TopicResult
from coding.topics.store import load_model, save_model
from coding.topics.update import add_documents
from coding.topics.tables import topics_over_time, topics_per_class

__all__ = ["DEFAULT_GUIDANCE", "GUIDANCE_MODES", "MIN_DOCS", "CodeMatch", "Topic", "TopicError",
           "TopicParams", "TopicResult", "add_documents", "code_description", "fit_topics",
           "load_model", "match_codes", "package_versions", "params_for", "save_model",
           "seed_words", "topics_over_time", "topics_per_class"]
