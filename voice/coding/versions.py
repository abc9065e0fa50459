"""Codebook versions in the database: store a codebook, edit, retire or merge a code.

A version is immutable. Every change stores a new version (its definition in the file format
and one Code row per code) and then maps the codebook's applications forward: each application
keeps `codebook_version_id`, the version it was made under, while its `code_id` moves to the same
key's code in the newest version, or to the code it was merged into (keeping the old code in
`mapped_from_code_id`). Retired and merged codes stay in the tree, so their children and old
applications still have a home, but the picker no longer offers them.
"""

import hashlib
import json
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from coding.codebook import Codebook as BookData
from coding.codebook import codebook_data, codebook_from_data
from voice.coding.errors import CodingError
from voice.models import Code, CodeApplication, Codebook, CodebookVersion

EDITABLE = ("label", "definition", "when_to_use", "when_not_to_use", "colour")


def content_hash(book: BookData, statuses: dict[str, tuple[str, str | None]]) -> str:
    """A SHA-256 of the definition and the codes' statuses (a retirement is a change too)."""
    data = codebook_data(replace(book, version=0))
    text = json.dumps([data, sorted(statuses.items())], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def latest_version(session: Session, codebook_key: str) -> CodebookVersion | None:
    """The newest version of the codebook with this key, or None."""
    query = (select(CodebookVersion).join(Codebook, Codebook.id == CodebookVersion.codebook_id)
             .where(Codebook.key == codebook_key).order_by(CodebookVersion.version.desc()).limit(1))
    return session.exec(query).first()


def book_of(version: CodebookVersion) -> BookData:
    """The coding library's Codebook for a stored version."""
    return codebook_from_data(version.definition, f"version {version.version}")


def codes_of(session: Session, version_id: int) -> list[Code]:
    """The Code rows of one version, in tree order."""
    return list(session.exec(select(Code).where(Code.codebook_version_id == version_id)
                             .order_by(Code.id)).all())


def statuses_of(session: Session, version: CodebookVersion | None) -> dict[str, tuple[str, str | None]]:
    """key → (status, merged_into_key) for every code of a version that is not active."""
    if version is None:
        return {}
    return {code.key: (code.status, code.merged_into_key) for code in codes_of(session, version.id)
            if code.status != "active"}


def store_codebook(session: Session, book: BookData, user_id: int | None = None,
                   statuses: dict[str, tuple[str, str | None]] | None = None
                   ) -> tuple[CodebookVersion, bool]:
    """Store `book` as a new version unless it equals the newest; (version, created)."""
    codebook = session.exec(select(Codebook).where(Codebook.key == book.key)).first()
    previous = latest_version(session, book.key) if codebook else None
    statuses = statuses_of(session, previous) if statuses is None else statuses
    unknown = set(statuses) - {code.key for code in book.iter_codes()}
    if unknown:
        raise CodingError(f"No code {sorted(unknown)[0]!r} in the codebook {book.key}.", "code")
    digest = content_hash(book, statuses)
    if previous is not None and previous.content_hash == digest:
        return previous, False
    if codebook is None:
        codebook = Codebook(key=book.key, title=book.title)
        session.add(codebook)
        session.flush()
    codebook.title = book.title
    number = previous.version + 1 if previous else max(book.version, 1)
    stored = replace(book, version=number)
    version = CodebookVersion(codebook_id=codebook.id, version=number, content_hash=digest,
                              definition=codebook_data(stored), created_by_id=user_id)
    session.add(version)
    session.flush()
    _store_codes(session, stored, version.id, statuses)
    if previous is not None:
        map_forward(session, codebook.id, version.id)
    return version, True


def _store_codes(session: Session, book: BookData, version_id: int,
                 statuses: dict[str, tuple[str, str | None]]) -> None:
    """One Code row per code of the tree, parents first so children can point at them."""
    ids: dict[str, int] = {}
    for code in book.iter_codes():  # depth first: a parent always comes before its children
        status, merged_into = statuses.get(code.key, ("active", None))
        row = Code(codebook_version_id=version_id, key=code.key, guid=code.guid,
                   parent_id=ids.get(code.parent) if code.parent else None, label=code.label,
                   definition=code.definition, colour=code.colour, dimensions=list(code.dimensions),
                   details={"when_to_use": code.when_to_use, "when_not_to_use": code.when_not_to_use,
                            "examples": list(code.examples), "codable": code.codable},
                   status=status, merged_into_key=merged_into)
        session.add(row)
        session.flush()
        ids[code.key] = row.id


def map_forward(session: Session, codebook_id: int, version_id: int) -> int:
    """Point every application of the codebook at the newest version's codes; rows moved."""
    new = {code.key: code for code in codes_of(session, version_id)}
    old_codes = session.exec(
        select(Code.id, Code.key).join(CodebookVersion, CodebookVersion.id == Code.codebook_version_id)
        .where(CodebookVersion.codebook_id == codebook_id, Code.codebook_version_id != version_id)).all()
    moved = 0
    for old_id, key in old_codes:
        target = new.get(key)
        merged = target is not None and target.status == "merged" and target.merged_into_key
        if merged:
            target = new.get(target.merged_into_key)
        if target is None:
            continue
        values: dict[str, Any] = {"code_id": target.id}
        if merged:
            values["mapped_from_code_id"] = sa.func.coalesce(CodeApplication.mapped_from_code_id,
                                                             old_id)
        result = session.execute(sa.update(CodeApplication).where(CodeApplication.code_id == old_id)
                                 .values(**values))
        moved += result.rowcount or 0
    return moved


def edit_code(session: Session, codebook_key: str, code_key: str, changes: dict[str, str],
              user_id: int | None) -> tuple[CodebookVersion, bool]:
    """A new version with one code's label, guidance or colour changed."""
    version = _require(session, codebook_key)
    book = book_of(version)
    code = _code(book, code_key)
    for name, value in changes.items():
        if name not in EDITABLE:
            raise CodingError(f"{name!r} cannot be edited here; edit the codebook file.", name)
        setattr(code, name, value.strip() if name != "colour" else value.strip().lower())
    if not code.label:
        raise CodingError("Enter a label for the code.", "label")
    try:  # check the edited tree as a file would be checked
        book = codebook_from_data(codebook_data(book))
    except ValueError as error:
        raise CodingError(str(error).split("\n", 1)[-1].strip(), "colour") from error
    return store_codebook(session, book, user_id)


def retire_code(session: Session, codebook_key: str, code_key: str,
                user_id: int | None) -> tuple[CodebookVersion, bool]:
    """A new version in which the code is retired: kept for its applications, offered no more."""
    version = _require(session, codebook_key)
    _code(book_of(version), code_key)
    statuses = statuses_of(session, version) | {code_key: ("retired", None)}
    return store_codebook(session, book_of(version), user_id, statuses)


def merge_code(session: Session, codebook_key: str, code_key: str, into_key: str,
               user_id: int | None) -> tuple[CodebookVersion, bool]:
    """A new version in which `code_key` is merged into `into_key`; its applications move there."""
    version = _require(session, codebook_key)
    book = book_of(version)
    _code(book, code_key)
    _code(book, into_key)
    statuses = statuses_of(session, version)
    if code_key == into_key or statuses.get(into_key, ("active",))[0] != "active":
        raise CodingError("Choose another code that is still in use to merge into.", "into")
    statuses[code_key] = ("merged", into_key)
    return store_codebook(session, book, user_id, statuses)


def _require(session: Session, codebook_key: str) -> CodebookVersion:
    version = latest_version(session, codebook_key)
    if version is None:
        raise CodingError(f"There is no codebook {codebook_key!r}; import it first "
                          "(seen-heard codebook import PATH).", "codebook")
    return version


def _code(book: BookData, code_key: str) -> Any:
    try:
        return book.by_key(code_key)
    except KeyError:
        raise CodingError(f"The codebook {book.key} has no code {code_key!r}.", "code") from None
