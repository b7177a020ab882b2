"""Render a question set's ``report.txt`` as ``report.pdf`` (reportlab), its PDF
document: the first line is the title, blank lines separate paragraphs.

Run once with ``.venv/bin/python eval/datasets/heldout/make_pdf.py [FOLDER]`` (default:
this folder); the PDF is kept in the repository so the questions are frozen against one
file.
"""

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent


def main() -> None:
    styles = getSampleStyleSheet()
    blocks = [b.strip() for b in (HERE / "report.txt").read_text().split("\n\n") if b.strip()]
    story = [Paragraph(blocks[0], styles["Title"])]
    for block in blocks[1:]:
        story += [Paragraph(" ".join(block.split()), styles["BodyText"]), Spacer(1, 6)]
    SimpleDocTemplate(str(HERE / "report.pdf"), pagesize=A4, invariant=1).build(story)


if __name__ == "__main__":
    main()
