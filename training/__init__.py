"""Making the models (not installed): the data every script trains on lives here."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The SQuAD pieces of ../shared/qa (CC BY-SA 4.0), split by article wherever held out.
QA_DIR = PROJECT_ROOT.parent / "shared" / "qa"
QA_FILES = (
    "squad1-train-part.json",
    "squad2-train-first10.json",
    "squad1-dev.json",
    "squad2-dev-part.json",
)
