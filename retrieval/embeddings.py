"""Text to vectors behind one small interface: WordLlama offline by default, OpenAI when configured."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class WordLlamaEmbedder:
    """WordLlama's weights ship inside its wheel; pointing cache_dir at the package finds them offline."""

    name = "wordllama-l2_supercat-256"

    def __init__(self) -> None:
        self._model = _wordllama()

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._model.embed(texts, norm=True).tolist()


@lru_cache(maxsize=1)
def _wordllama():
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


class OpenAIEmbedder:
    """Any OpenAI-compatible embeddings endpoint (OpenAI itself, vLLM, Ollama)."""

    def __init__(self, model: str, base_url: str | None = None, timeout: float = 30.0) -> None:
        from openai import OpenAI

        self.name = f"openai-{model}"
        self._model = model
        self._client = OpenAI(base_url=base_url, timeout=timeout)

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        response = self._client.embeddings.create(model=self._model, input=texts)
        return [item.embedding for item in sorted(response.data, key=lambda d: d.index)]


def embedder_from(settings) -> Embedder:
    if settings.embedder == "openai":
        return OpenAIEmbedder(settings.openai_embedding_model, settings.llm_base_url, settings.llm_timeout)
    return WordLlamaEmbedder()
