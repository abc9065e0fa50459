"""The "coding_train" background job: a suggestion model trained on practitioners' own decisions.

Examples are excerpts of the codebook's documents: the codes coders applied or accepted on
each, and the suggestions they rejected. Applications are read through their mapped-forward
codes, so a merged code's excerpts teach the code it was merged into. Training serves one
consent purpose (TRAINING_PURPOSE): a document whose subject withdrew it is left out of the next
model. The session is closed while the model trains; the model is written beside its sidecar
under MODEL_DIR.
"""

from collections import defaultdict
from typing import Any

from sqlmodel import Session, select

from coding.suggest import SuggestionError, TrainingExample, train
from voice.coding.suggestions import model_path
from voice.coding.versions import latest_version
from voice.consent import refused_document_ids
from voice.jobs.registry import JobError, job_handler
from voice.jobs.runner import JobContext
from voice.models import Code, CodeApplication, Document, Excerpt

KIND = "coding_train"
DEFAULT_PURPOSE = "service_improvement"  # the suggestions help code notes for counting


def training_examples(session: Session, codebook_key: str,
                      purpose: str = DEFAULT_PURPOSE) -> list[TrainingExample]:
    """One example per decided excerpt of the codebook: accepted codes and rejected ones.

    Documents whose latest consent decision for `purpose` is a withdrawal are left out (issue 9).
    """
    version = latest_version(session, codebook_key)
    if version is None:
        return []
    query = (select(Excerpt.id, Document.redacted_text, Excerpt.start, Excerpt.end, Code.key,
                    CodeApplication.status)
             .join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
             .join(Code, Code.id == CodeApplication.code_id)
             .join(Document, Document.id == Excerpt.document_id)
             .where(Code.codebook_version_id == version.id,
                    CodeApplication.status.in_(("accepted", "rejected")),
                    Document.id.not_in(refused_document_ids(purpose))))
    texts: dict[int, str] = {}
    accepted: dict[int, set[str]] = defaultdict(set)
    rejected: dict[int, set[str]] = defaultdict(set)
    for excerpt_id, text, start, end, key, status in session.exec(query):
        texts[excerpt_id] = text[start:end]
        (accepted if status == "accepted" else rejected)[excerpt_id].add(key)
    return [TrainingExample(texts[i], frozenset(accepted[i]), frozenset(rejected[i] - accepted[i]))
            for i in sorted(texts)]


@job_handler(KIND, label="Train the suggestion model")
def train_model(ctx: JobContext, codebook_key: str) -> dict[str, Any]:
    """Train and save the model for the codebook's newest version."""
    ctx.progress(0, 3, "Reading coded excerpts.")
    with ctx.session() as session:
        version = latest_version(session, codebook_key)
        if version is None:
            raise JobError(f"There is no codebook {codebook_key!r}; import it first.")
        number = version.version
        examples = training_examples(session, codebook_key,
                                     ctx.app.config.get("TRAINING_PURPOSE", DEFAULT_PURPOSE))
    ctx.progress(1, 3, f"Training on {len(examples):,} coded excerpts.")
    try:
        model = train(examples, codebook_key, number)
    except SuggestionError as error:
        raise JobError(str(error)) from error
    ctx.progress(2, 3, "Saving the model.")
    model.save(model_path(ctx.app, codebook_key, number))
    ctx.progress(3, 3, f"Trained on {len(examples):,} excerpts for {len(model.codes)} codes.")
    return {"codebook_version": number, "examples": len(examples), "codes": model.codes,
            "skipped": model.skipped}
