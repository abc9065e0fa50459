"""`seen-heard keys rotate`: every ciphertext moves to the new key, idempotently and resumably."""

from cryptography.fernet import Fernet
from sqlmodel import select

from tests.documents.conftest import do_import, note_rows, write_csv
from voice.crypto import fernet_from
from voice.documents.rotation import rotate_keys
from voice.keys_cli import rotate_command
from voice.models import Document


def tokens(session) -> dict[int, bytes]:
    session.expire_all()
    return {d.id: d.raw_ciphertext for d in session.exec(select(Document)).all()}


def test_rotation_moves_every_ciphertext_to_the_new_key(quick_app, session, tmp_path):
    do_import(quick_app, write_csv(tmp_path / "n.csv", note_rows(7)))
    old_key = quick_app.config["DATA_KEY"]
    before = tokens(session)
    new_key = Fernet.generate_key().decode()
    quick_app.config["DATA_KEY"] = f"{new_key},{old_key}"

    first = rotate_keys(quick_app, batch_size=3)
    again = rotate_keys(quick_app, batch_size=3)

    assert (first.rotated, first.current) == (7, 0)
    assert (again.rotated, again.current) == (0, 7)  # idempotent: nothing rewritten
    only_new = Fernet(new_key)
    after = tokens(session)
    for document_id, token in after.items():
        assert only_new.decrypt(token) == fernet_from(old_key).decrypt(before[document_id])


def test_an_interrupted_rotation_finishes_when_the_cli_runs_it_again(quick_app, session, tmp_path):
    do_import(quick_app, write_csv(tmp_path / "n.csv", note_rows(5)))
    new_key = Fernet.generate_key().decode()
    quick_app.config["DATA_KEY"] = f"{new_key},{quick_app.config['DATA_KEY']}"

    def stop(table, done, total):
        raise KeyboardInterrupt

    try:
        rotate_keys(quick_app, on_progress=stop, batch_size=2)
    except KeyboardInterrupt:
        pass
    result = quick_app.test_cli_runner().invoke(rotate_command, ["--batch-size", "2"])

    assert result.exit_code == 0, result.output
    assert "Re-encrypted 3 ciphertext(s) under the first DATA_KEY key; 2 were already under it." in result.output
    assert all(Fernet(new_key).decrypt(t) for t in tokens(session).values())
