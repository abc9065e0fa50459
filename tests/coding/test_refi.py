"""REFI-QDA: .qdc and .qdpx exports valid against the official XSDs, round trips, tolerant imports."""

import io
import zipfile
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from coding.codebook import CODEBOOK_DIR, code_guid, load_codebook, shipped_codebooks, stable_guid
from coding.refi import (InvalidRefi, RefiCase, RefiProject, RefiSelection, RefiSource, RefiUser,
                         RefiVariable, export_qdc, export_qdpx, import_qdc, import_qdpx,
                         splits_character)
from coding.refi.common import SCHEMA_DIR

DATA = Path(__file__).parent / "data" / "refi"
OFFICIAL = Path(__file__).resolve().parents[3] / "shared" / "reference" / "refi-qda"
TEXT = "Café 😀 déjà vu\r\nI don't feel safe here.\r\nMoved again 🏠."


def official(name: str) -> etree.XMLSchema:
    """An XSD as published (the shared reference copy, not the one the code ships)."""
    return etree.XMLSchema(etree.parse(str(OFFICIAL / name)))


def care_leavers():
    """The shipped care leavers' codebook without its description, which REFI-QDA cannot carry."""
    return replace(load_codebook(CODEBOOK_DIR / "care-leavers-home.yaml"), description="")


def make_project() -> RefiProject:
    """Two coders, two sources (one with emoji, accents and CRLF), a case and typed answers."""
    codebook = care_leavers()
    coder_a = RefiUser(stable_guid("user", "a"), "Coder A")
    coder_b = RefiUser(stable_guid("user", "b"), "Coder B")
    start = TEXT.index("feel safe")
    selections = [
        RefiSelection(stable_guid("sel", "1"), start, start + len("feel safe"),
                      codebook.by_key("safety").guid, coder_a.guid),
        RefiSelection(stable_guid("sel", "2"), TEXT.index("Moved"), len(TEXT) - 1,
                      codebook.by_key("stability").guid, coder_b.guid),
        RefiSelection(stable_guid("sel", "3"), 0, TEXT.index("\r"), codebook.by_key("listened_to").guid),
    ]
    sources = [RefiSource(stable_guid("src", "1"), "Case note 1", TEXT, selections),
               RefiSource(stable_guid("src", "2"), "Answer", "Bills are too high.")]
    variables = [RefiVariable(stable_guid("var", kind), kind.lower(), kind)
                 for kind in ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")]
    values = ["Supported lodgings", True, 19, 0.00001, date(2025, 3, 31),
              datetime(2025, 4, 1, 9, 30, tzinfo=timezone.utc)]
    case = RefiCase(stable_guid("case", "1"), "Respondent 1", [s.guid for s in sources],
                    {v.guid: value for v, value in zip(variables, values)})
    return RefiProject("Care leavers 2025", codebook, [coder_a, coder_b], sources, [case], variables)


def zipped(members: dict[str, bytes | str]) -> bytes:
    """A zip archive in memory with these member names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_shipped_xsds_are_the_official_ones():
    for name in ("Codebook.xsd", "Project.xsd"):
        assert (SCHEMA_DIR / name).read_bytes() == (OFFICIAL / name).read_bytes()
    assert "MIT" in (SCHEMA_DIR / "README.md").read_text("utf-8")


@pytest.mark.parametrize("codebook", shipped_codebooks(), ids=lambda cb: cb.key)
def test_qdc_export_validates_and_round_trips(codebook):
    data = export_qdc(codebook)
    assert official("Codebook.xsd").validate(etree.fromstring(data))
    back = import_qdc(data, codebook.key, codebook.title, codebook.version)
    assert back == replace(codebook, description="")


def test_qdc_guids_are_stable_across_exports():
    first = export_qdc(load_codebook(CODEBOOK_DIR / "school-readiness.yaml"))
    second = export_qdc(load_codebook(CODEBOOK_DIR / "school-readiness.yaml"))
    assert first == second
    guids = etree.fromstring(first).xpath("//q:Code/@guid", namespaces={"q": "urn:QDA-XML:codebook:1.0"})
    assert code_guid("school-readiness", "speech_language") in guids


def test_qdc_nests_codes_and_keeps_guidance_readable():
    root = etree.fromstring(export_qdc(care_leavers()))
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    safety = root.xpath("//q:Code[@name='Feeling safe']", namespaces=ns)[0]
    assert safety.getparent().get("name") == "The home" and safety.get("isCodable") == "true"
    assert safety.get("color") == "#d4351c"
    assert "When to use: " in safety.findtext("q:Description", namespaces=ns)


def test_import_atlas_0_4_namespace_braces_short_colours_and_empty_sets():
    codebook = import_qdc((DATA / "atlas-0-4.qdc").read_bytes())
    housing = codebook.by_guid("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    assert housing.key == "housing" and housing.colour == "#cc0000"
    assert housing.definition == "Anything about where the young person lives."
    assert [c.label for c in housing.children] == ["Feeling safe", "Moves"]
    assert codebook.by_key("feeling_safe").guid == "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9"
    assert not codebook.by_key("being_heard").codable


def test_import_folds_double_colon_names_into_a_tree():
    codebook = import_qdc((DATA / "colons.qdc").read_bytes(), key="flat")
    home = codebook.by_key("home")
    assert [c.label for c in codebook.codes] == ["Home", "Support", "Other"]
    assert home.guid == "a1000000-0000-4000-8000-000000000003" and home.definition == "The home as a whole."
    assert [c.label for c in home.children] == ["Safety", "Bills"]
    siblings = codebook.by_key("siblings")
    assert siblings.parent == "family" and codebook.by_key("family").parent == "support"
    # The made-up level gets a GUID that is the same on every import.
    again = import_qdc((DATA / "colons.qdc").read_bytes(), key="flat")
    assert again.by_key("support").guid == codebook.by_key("support").guid


def test_import_folds_dotted_names_but_not_abbreviations():
    codebook = import_qdc((DATA / "dots.qdc").read_bytes())
    assert [c.label for c in codebook.codes] == ["School", "St. Mary's"]
    assert [c.label for c in codebook.by_key("school").children] == ["Speech", "Waiting"]


@pytest.mark.parametrize("data, message", [
    ((DATA / "not-refi.xml").read_bytes(), "not a REFI-QDA codebook"),
    (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>", "not well-formed"),
    (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "has no codes"),
    (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid='nope' name='A' "
     b"isCodable='true'/></Codes></CodeBook>", "not a GUID"),
])
def test_bad_codebook_files_are_refused_clearly(data, message):
    with pytest.raises(InvalidRefi, match=message):
        import_qdc(data)


def test_external_entities_are_never_resolved():
    data = (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>"
            b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid="
            b"'a1000000-0000-4000-8000-000000000009' name='A' isCodable='true'>"
            b"<Description>&secret;</Description></Code></Codes></CodeBook>")
    assert "root:" not in import_qdc(data).by_key("a").definition


def test_qdpx_export_validates_round_trips_and_is_stable(tmp_path: Path):
    project = make_project()
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(project, first)
    export_qdpx(project, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        qde = etree.fromstring(archive.read("project.qde"))
        assert official("Project.xsd").validate(qde), official("Project.xsd").error_log
        source_guid = project.sources[0].guid
        assert archive.read(f"sources/{source_guid}.txt") == TEXT.encode("utf-8")
    assert qde.xpath("//p:TextSource/@plainTextPath", namespaces={"p": "urn:QDA-XML:project:1.0"})[0] \
        == f"internal://{source_guid}.txt"
    back = import_qdpx(first, "care-leavers-home", project.codebook.title, 1)
    assert back == project


def test_positions_count_code_points_through_emoji_accents_and_crlf(tmp_path: Path):
    path = tmp_path / "p.qdpx"
    export_qdpx(make_project(), path)
    source = import_qdpx(path).sources[0]
    assert source.text == TEXT and "\r\n" in source.text
    spans = [source.text[s.start:s.end] for s in source.selections]
    assert spans == ["feel safe", "Moved again 🏠", "Café 😀 déjà vu"]
    qde = zipfile.ZipFile(path).read("project.qde")
    start = TEXT.index("feel safe")
    # "Café " 5 + 😀 1 + " déjà vu" 8 + CRLF 2 + "I don't " 8: code points, not UTF-16 (25) or bytes.
    assert start == 24 and f'startPosition="{start}"'.encode() in qde


def test_offsets_outside_the_text_or_inside_a_character_are_refused(tmp_path: Path):
    project = make_project()
    source = project.sources[0]
    for start, end in [(0, len(TEXT) + 1), (5, 2), (-1, 3), (TEXT.index("\n"), 40)]:
        source.selections[0] = replace(source.selections[0], start=start, end=end)
        with pytest.raises(InvalidRefi):
            export_qdpx(project, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists() and list(tmp_path.iterdir()) == []
    combining = "Cafe\u0301"
    assert splits_character(combining, 4) and not splits_character(combining, 5)
    assert splits_character("👍🏽", 1) and not splits_character("😀x", 1)


def test_export_refuses_unknown_codes_users_and_badly_typed_values(tmp_path: Path):
    project = make_project()
    project.sources[0].selections[0].code_guid = stable_guid("no such code")
    with pytest.raises(InvalidRefi, match="not a code"):
        export_qdpx(project, tmp_path / "x.qdpx")
    project = make_project()
    project.sources[0].selections[0].coder_guid = stable_guid("stranger")
    with pytest.raises(InvalidRefi, match="not one of the project's users"):
        export_qdpx(project, tmp_path / "x.qdpx")
    project = make_project()
    project.cases[0].values[project.variables[2].guid] = True  # a bool is not an Integer
    with pytest.raises(InvalidRefi, match="should be Integer"):
        export_qdpx(project, tmp_path / "x.qdpx")


def test_import_a_project_written_by_another_tool():
    data = zipped({"project.qde": (DATA / "other-tool.qde").read_bytes()})
    project = import_qdpx(data)
    assert project.codebook.key == "leaving-care-interviews" and project.users[0].name == "Alex"
    source = project.sources[0]
    assert source.guid == "a0000000-0000-4000-8000-000000000001"
    assert [(s.code_guid[:8], s.coder_guid) for s in source.selections] == [
        ("d0000000", "c0000000-0000-4000-8000-000000000001"),
        ("d0000000", "c0000000-0000-4000-8000-000000000001")]
    assert source.selections[0].guid == "b0000000-0000-4000-8000-000000000001"
    case = project.cases[0]
    assert case.source_guids == [source.guid]  # the PDF is not imported, nor its reference
    assert list(case.values.values()) == [19, False]


@pytest.mark.parametrize("members, message", [
    ({"other.xml": "<x/>"}, "no project.qde"),
    ({"project.qde": "<x/>", "../evil.txt": "x"}, "unsafe file name"),
    ({"project.qde": "<x/>", "/etc/evil.txt": "x"}, "unsafe file name"),
    ({"project.qde": "<x/>", "sources/../../evil.txt": "x"}, "unsafe file name"),
    ({"project.qde": (DATA / "not-refi.xml").read_bytes()}, "not a REFI-QDA project"),
    ({"project.qde": "<Project"}, "not well-formed"),
    ({"project.qde": "<Project xmlns='urn:QDA-XML:project:1.0' name='p'><Sources><TextSource "
                     "guid='a0000000-0000-4000-8000-000000000001' plainTextPath='internal://"
                     "../../etc/passwd'/></Sources></Project>"}, "unsafe file name"),
    ({"project.qde": "<Project xmlns='urn:QDA-XML:project:1.0' name='p'><Sources><TextSource "
                     "guid='a0000000-0000-4000-8000-000000000001' plainTextPath='C:/notes/a.txt'/>"
                     "</Sources></Project>"}, "outside the project"),
])
def test_bad_qdpx_archives_are_refused_and_nothing_is_extracted(tmp_path: Path, members, message):
    path = tmp_path / "work" / "bad.qdpx"
    path.parent.mkdir()
    path.write_bytes(zipped(members))
    with pytest.raises(InvalidRefi, match=message):
        import_qdpx(path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bad.qdpx", "work"]


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path):
    path = tmp_path / "notes.qdpx"
    path.write_text("hello", "utf-8")
    with pytest.raises(InvalidRefi, match="not a .qdpx"):
        import_qdpx(path)
    with pytest.raises(InvalidRefi, match="check the path"):
        import_qdpx(tmp_path / "missing.qdpx")


def test_export_refuses_malformed_or_repeated_guids(tmp_path: Path):
    project = make_project()
    project.sources[1].guid = project.sources[0].guid
    with pytest.raises(InvalidRefi, match="same GUID as the source 'Case note 1'"):
        export_qdpx(project, tmp_path / "x.qdpx")
    project = make_project()
    project.users[0].guid = "coder-a"
    with pytest.raises(InvalidRefi, match="not a GUID"):
        export_qdpx(project, tmp_path / "x.qdpx")
