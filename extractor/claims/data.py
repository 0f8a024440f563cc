"""The claims stage's data files, read once: ``claims.toml`` (settings, cue words, hedges)
and ``topics.toml`` (the topic taxonomy)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files(__package__) / name).read_text("utf-8"))


@dataclass(frozen=True)
class Settings:
    skip_sections: frozenset[str]
    min_words: int
    strong_hedges: tuple[str, ...]
    weak_hedges: tuple[str, ...]
    cues: dict[str, tuple[str, ...]]  # kind -> cue phrases (the keyword baseline, and features)


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    terms: tuple[str, ...]


@cache
def settings() -> Settings:
    t = read_toml("claims.toml")
    return Settings(
        skip_sections=frozenset(s.lower() for s in t["sections"]["skip"]),
        min_words=int(t["sentences"]["min_words"]),
        strong_hedges=tuple(t["hedges"]["strong"]),
        weak_hedges=tuple(t["hedges"]["weak"]),
        cues={k: tuple(v) for k, v in t["cues"].items()},
    )


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(
        Topic(name, v.get("description", ""), tuple(v["terms"]))
        for name, v in read_toml("topics.toml")["topics"].items()
    )
