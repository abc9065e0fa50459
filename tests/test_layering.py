"""coding/ is a plain library: importing it must not pull in Flask, the platform or a database."""

import subprocess
import sys


def test_importing_coding_leaves_flask_and_voice_out():
    code = ("import sys, coding, pkgutil, importlib\n"
            "for m in pkgutil.walk_packages(coding.__path__, 'coding.'):\n"
            "    importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'voice', 'sqlmodel', 'sqlalchemy')]\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
