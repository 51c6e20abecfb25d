"""JSON Schemas of the public models, generated into ``schemas/`` (a test keeps them in sync).

Run ``python -m govdisclose.schema schemas`` after changing a model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .comparison.model import Comparison
from .model import AnnualReport, CellRecord

SCHEMAS = {"annual-report.schema.json": AnnualReport, "cell-record.schema.json": CellRecord,
           "comparison.schema.json": Comparison}


def schema_texts() -> dict[str, str]:
    return {
        name: json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, model in SCHEMAS.items()
    }


def write_schemas(folder: str | Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_schemas(sys.argv[1] if len(sys.argv) > 1 else "schemas")
