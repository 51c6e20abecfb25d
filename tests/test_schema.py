"""The JSON Schemas in schemas/ are generated from the models and must not drift."""

from govdisclose.schema import schema_texts

from .conftest import ROOT


def test_schemas_match_models():
    folder = ROOT / "schemas"
    for name, text in schema_texts().items():
        path = folder / name
        assert path.exists(), f"{path} missing: run python -m govdisclose.schema schemas"
        assert path.read_text(encoding="utf-8") == text, f"{name} drifted: run python -m govdisclose.schema schemas"
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(schema_texts())
