import pytest
from pydantic import ValidationError

from app.core.settings import Settings


def test_env_prefix_and_derived_paths(monkeypatch, tmp_path):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("TUTOR_TOP_K", "7")
    s = Settings()
    assert s.top_k == 7
    # one folder holds everything: index, model cache, progress database
    assert s.chroma_dir == tmp_path / "d" / "chroma"
    assert s.model_dir == tmp_path / "d" / "models"
    assert s.progress_url == f"sqlite:///{(tmp_path / 'd' / 'progress.db').resolve()}"


def test_backend_names_are_checked(monkeypatch):
    monkeypatch.setenv("TUTOR_LLM_BACKEND", "llamacp")
    with pytest.raises(ValidationError, match="llamacpp"):
        Settings()


def test_toml_file_is_read_and_env_wins(monkeypatch, tmp_path):
    config = tmp_path / "tutor.toml"
    config.write_text('vector_backend = "http"\nchroma_port = 9100\ntop_k = 3\n')
    monkeypatch.setenv("TUTOR_CONFIG", str(config))
    monkeypatch.setenv("TUTOR_TOP_K", "5")
    s = Settings()
    assert (s.vector_backend, s.chroma_port, s.top_k) == ("http", 9100, 5)


def test_every_setting_is_described():
    missing = [name for name, f in Settings.model_fields.items() if not f.description]
    assert missing == []


def test_a_tutor_toml_in_the_working_directory_does_not_leak_into_the_tests(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tutor.toml").write_text("top_k = 99\n")
    assert Settings().top_k != 99  # conftest points TUTOR_CONFIG away from it
    monkeypatch.delenv("TUTOR_CONFIG")
    assert Settings().top_k == 99  # ...which is how a user's own run reads it
