"""Writing a subject access package: JSON, a readable HTML document, and a PDF if Chromium is here.

The PDF is printed by headless Chromium (offline, already used by the browser tests). Where it
is missing, the HTML has print styles: open it and print to PDF.
"""

import io
import json
import shutil
import subprocess  # nosec B404 - runs only the local Chromium binary, with fixed arguments
import zipfile
from pathlib import Path
from typing import Any

from flask import render_template

from voice.models import utcnow

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def render_html(package: dict[str, Any]) -> str:
    """The package as one standalone HTML document in plain language."""
    return render_template("admin/subject_package.html", package=package,
                           made_at=utcnow().strftime("%d %B %Y at %H:%M UTC"))


def chromium() -> str | None:
    """The path of a Chromium binary, or None."""
    return next((p for p in map(shutil.which, CHROMIUM_CANDIDATES) if p), None)


def print_pdf(html_path: Path, pdf_path: Path) -> bool:
    """Print the HTML to PDF with headless Chromium; False if Chromium is missing or fails."""
    binary = chromium()
    if binary is None:
        return False
    args = [binary, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
    try:
        # A fixed argument list (no shell) naming a local file: nothing a user typed runs.
        subprocess.run(args, check=True, capture_output=True, timeout=120)  # nosec B603
    except (subprocess.SubprocessError, OSError):
        return False
    return pdf_path.exists() and pdf_path.stat().st_size > 0


def write_package(package: dict[str, Any], out_dir: Path, pdf: bool = True) -> list[Path]:
    """Write subject-access.json, .html (and .pdf when possible) into `out_dir`; return them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "subject-access.json"
    json_path.write_text(json.dumps(package, indent=2, ensure_ascii=False, default=str))
    html_path = out_dir / "subject-access.html"
    html_path.write_text(render_html(package))
    written = [json_path, html_path]
    pdf_path = out_dir / "subject-access.pdf"
    if pdf and print_pdf(html_path, pdf_path):
        written.append(pdf_path)
    return written


def package_zip(package: dict[str, Any]) -> bytes:
    """The package as a zip of its JSON and HTML, for the admin page's download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.json",
                         json.dumps(package, indent=2, ensure_ascii=False, default=str))
        archive.writestr("subject-access.html", render_html(package))
    return buffer.getvalue()
