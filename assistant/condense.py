"""Turning a follow-up question into a standalone one.

Offline (``condense``): "And how many from Nepal?" after "How many foreigners fight for
Russia?" is searched as "And how many from Nepal? (foreigners fight Russia)": the content
words of the previous question are carried over when the new one leans on the
conversation.

With an LLM (``LLMCondenser``, used by the generative answerers): the model rewrites the
follow-up from the conversation (``prompts/condense_follow_up.txt``), a history-aware
retriever's first step. Its rewrite is checked like any model output: one line, of
sensible length, keeping the question's names and numbers, bringing in at least one word
of the conversation, and no name or number that neither the question nor the
conversation holds; otherwise, or when the call fails, the offline rewrite is used.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from assistant.conversation import Turn, conversation_text, previous_user_question
from index.text import content_words, specific_terms
from prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

_LEANS_ON_CONTEXT = re.compile(
    r"^(?:and|but|also|so|what about|how about|then)\b"
    r"|\b(?:it|its|they|them|their|he|him|his|she|her|this|that|these|those|there)\b",
    re.IGNORECASE,
)
FOLLOW_UP_MAX_CONTENT_WORDS = 3


def is_follow_up(question: str) -> bool:
    """True when ``question`` leans on the conversation: it starts with "and", "what
    about"..., points back ("they", "it"), or is too short to stand alone."""
    return bool(_LEANS_ON_CONTEXT.search(question)) or (
        len(content_words(question)) <= FOLLOW_UP_MAX_CONTENT_WORDS
    )


def condense(question: str, history: list[Turn]) -> str:
    """The question to search for, with context from ``history`` when it is a follow-up."""
    previous = previous_user_question(history)
    if not previous or not is_follow_up(question):
        return question
    carried = [w for w in content_words(previous) if w not in set(content_words(question))]
    return f"{question} ({' '.join(carried)})" if carried else question


class LLMCondenser:
    """Rewrites follow-up questions with a chat model; see the module docstring."""

    def __init__(self, chat_model: BaseChatModel, max_chars: int) -> None:
        self.chat_model = chat_model
        self.max_chars = max_chars

    def __call__(self, question: str, history: list[Turn]) -> str:
        if not previous_user_question(history) or not is_follow_up(question):
            return question
        conversation = conversation_text(history)
        prompt = load_prompt("condense_follow_up").format(history=conversation, question=question)
        try:
            reply = str(self.chat_model.invoke(prompt).content)
        except Exception as exc:  # any failure: the offline rewrite still works
            log.warning("condensing with the LLM failed (%s)", type(exc).__name__)
            return condense(question, history)
        rewritten = self.checked(reply, question, conversation)
        return rewritten if rewritten is not None else condense(question, history)

    def checked(self, reply: str, question: str, conversation: str) -> str | None:
        """The model's rewrite when it passes the checks, else None."""
        lines = [line.strip().strip("\"'“”") for line in reply.strip().splitlines()]
        rewritten = lines[0] if lines else ""
        rewritten = re.sub(r"^(?:standalone question|question)\s*:\s*", "", rewritten, flags=re.I)
        if not 3 <= len(rewritten) <= self.max_chars:
            return None
        invented = specific_terms(rewritten) - specific_terms(f"{question}\n{conversation}")
        dropped = specific_terms(question) - specific_terms(rewritten)
        brought = set(content_words(rewritten)) - set(content_words(question))
        from_conversation = brought & set(content_words(conversation))
        # A rewrite must keep the question's names and numbers and bring in something
        # from the conversation; an echo of the question resolves nothing.
        return None if invented or dropped or not from_conversation else rewritten
