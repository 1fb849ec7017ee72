from pathlib import Path

from enablement.config import load_settings


def test_defaults_need_no_configuration(tmp_path: Path) -> None:
    settings = load_settings(environ={}, config_path=tmp_path / "missing.toml", user="ann")
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("library.sqlite3")
    assert Path(settings.store_url).parent == settings.home
    assert settings.is_embedded


def test_environment_overrides_config_file(tmp_path: Path) -> None:
    config = tmp_path / "enablement.toml"
    config.write_text(f'home = "{tmp_path / "from-file"}"\nuser = "filed"\n')
    from_file = load_settings(environ={}, config_path=config)
    assert from_file.home == (tmp_path / "from-file").resolve()
    assert from_file.user == "filed"

    env = {
        "ENABLEMENT_HOME": str(tmp_path / "from-env"),
        "ENABLEMENT_DATABASE_URL": "postgresql+psycopg://db/x",
        "ENABLEMENT_STORE_URL": "s3://bucket/prefix",
        "ENABLEMENT_USER": "envuser",
    }
    settings = load_settings(environ=env, config_path=config)
    assert settings.home == (tmp_path / "from-env").resolve()
    assert settings.database_url == "postgresql+psycopg://db/x"
    assert settings.store_url == "s3://bucket/prefix"
    assert settings.user == "envuser"
    assert not settings.is_embedded


def test_command_line_wins(tmp_path: Path) -> None:
    env = {"ENABLEMENT_HOME": str(tmp_path / "env"), "ENABLEMENT_USER": "envuser"}
    settings = load_settings(
        home=tmp_path / "cli", user="cliuser", environ=env, config_path=tmp_path / "none.toml"
    )
    assert settings.home == (tmp_path / "cli").resolve()
    assert settings.user == "cliuser"
