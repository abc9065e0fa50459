"""Projects as REFI-QDA .qdpx archives: project.qde plus each source's text in sources/.

Exports validate against Project.xsd before anything is written and are byte-for-byte stable
(fixed member order and timestamps). Imports read members in memory only, never extracting to
disk, and refuse archives with absolute or '..' member names, without project.qde, or too large.
"""

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from coding.refi.common import PROJECT_NS, InvalidRefi, local, namespace, parse_xml, validate
from coding.refi.project import RefiProject, check_project
from coding.refi.project_xml import build_project, read_project, text_path

PROJECT_MEMBER = "project.qde"
SOURCES_DIR = "sources"
# Generous for redacted text, small enough that a zip bomb cannot exhaust memory.
MAX_UNCOMPRESSED = 512 * 1024 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def export_qdpx(project: RefiProject, path: str | Path) -> None:
    """Write the project as a .qdpx at path (atomically); InvalidRefi if it cannot be exported."""
    check_project(project)
    root = build_project(project)
    validate(root, "Project.xsd")
    members = {PROJECT_MEMBER: etree.tostring(root, xml_declaration=True, encoding="utf-8",
                                              pretty_print=True)}
    for source in project.sources:
        members[f"{SOURCES_DIR}/{text_path(source)}"] = source.text.encode("utf-8")
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".qdpx-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            for name, data in members.items():
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def import_qdpx(source: str | Path | bytes, codebook_key: str | None = None,
                codebook_title: str | None = None, codebook_version: int = 1) -> RefiProject:
    """A RefiProject from a .qdpx path or its bytes; the codebook's key and title default to the
    project's name."""
    members = _read_members(io.BytesIO(source) if isinstance(source, bytes) else Path(source))
    if PROJECT_MEMBER not in members:
        raise InvalidRefi("This .qdpx has no project.qde inside it, so it is not a REFI-QDA "
                          "project; export the project again as REFI-QDA.")
    root = parse_xml(members[PROJECT_MEMBER], "project.qde")
    if local(root) != "Project" or namespace(root) != PROJECT_NS:
        raise InvalidRefi("project.qde is not a REFI-QDA project: its root element should be "
                          f"<Project> in {PROJECT_NS}. Export the project again as REFI-QDA.")
    name = root.get("name") or "Imported project"
    project = read_project(root, lambda internal: _source_text(members, internal),
                           codebook_key or _slug(name), codebook_title or name, codebook_version)
    check_project(project)
    return project


def _read_members(source: Path | io.BytesIO) -> dict[str, bytes]:
    """Every member of the archive as bytes, after checking names and sizes."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            for info in infos:
                _check_member_name(info.filename)
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
                raise InvalidRefi("This .qdpx unpacks to more than 512 MB; split the project.")
            return {PurePosixPath(info.filename.replace("\\", "/")).as_posix(): archive.read(info)
                    for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise InvalidRefi("This file is not a .qdpx (a zip archive); choose the file the other "
                          "program exported as a REFI-QDA project.") from error
    except OSError as error:
        raise InvalidRefi(f"Could not read the .qdpx ({type(error).__name__}); "
                          "check the path.") from error


def _check_member_name(name: str) -> None:
    """Refuse names that would land outside a folder if extracted: absolute, drive, or '..'."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts \
            or "\x00" in name:
        raise InvalidRefi(f"This .qdpx contains the unsafe file name {name!r}, which points "
                          "outside the archive; it was not read. Export the project again.")


def _source_text(members: dict[str, bytes], internal: str) -> str:
    """The text of an internal source file, found in sources/ (or the archive root)."""
    _check_member_name(internal)
    data = members.get(f"{SOURCES_DIR}/{internal}", members.get(internal))
    if data is None:
        raise InvalidRefi(f"The project refers to the source file {internal!r}, which is not in "
                          "the .qdpx; export the project again with its sources.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidRefi(f"The source file {internal!r} is not UTF-8 text.") from error


def _slug(name: str) -> str:
    """A codebook key from a project name: lower case and hyphens, at most 60 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or "imported"
