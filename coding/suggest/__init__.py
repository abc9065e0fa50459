"""Code suggestions: codebook rules (spaCy matchers) and a model trained on coders' decisions.

`RuleSuggester(codebook).suggest(text)` gives `Suggestion`s with character offsets and the matched
words; `train(examples, codebook_key, version)` gives a `CodeModel` whose `predict` gives codes
with a confidence and whose `uncertainty` orders the 'uncertain first' queue.
"""

from coding.suggest.errors import ModelVersionError, SuggestionError
from coding.suggest.model import MIN_POSITIVES, CodeModel, TrainingExample, train
from coding.suggest.rules import (RuleSuggester, Suggestion, clear_compile_cache, codebook_hash,
                                  compile_cache_info)

__all__ = ["MIN_POSITIVES", "CodeModel", "ModelVersionError", "RuleSuggester", "Suggestion",
           "SuggestionError", "TrainingExample", "clear_compile_cache", "codebook_hash",
           "compile_cache_info", "train"]
