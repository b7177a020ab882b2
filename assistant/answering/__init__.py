"""The answer step: from a question and its retrieved passages to a cited ``Answer``.

- ``extractive``: the offline answerer, quoting the best sentences;
- ``generative``: an LLM's answer, every sentence verified (falls back to extractive);
- ``reply``: the JSON reply asked of an LLM and its parsing;
- ``verify``: locating quotes and citing their exact spans;
- ``support``: does a passage support a sentence;
- ``intent``: what a question asks for.
"""
