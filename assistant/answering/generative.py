"""Answers written by an LLM, with every citation checked against the article.

The model (any OpenAI-compatible chat endpoint, through LangChain's chat-model interface)
gets the retrieved passages, numbered and fenced as data, and returns JSON: answer
sentences, each with passage ids and a verbatim quote. Nothing it says is trusted:

1. **Clear abstentions first.** The offline answerer's evidence rules run before any LLM
   call; when nothing retrieved can answer (off-topic, or evidence under the threshold)
   the answer is the fixed abstention and the model is not asked. In the uncertain band
   (the offline answerability model would abstain) the model sees the passages and may
   answer, or reply ``"answerable": false``, which is then an abstention (elsewhere the
   offline answer stands in for it).
2. **Ids.** Passage ids outside the retrieved set are dropped.
3. **Quotes.** Each quote is looked up in its passage: exactly, then with whitespace
   normalised, then fuzzily (RapidFuzz partial-ratio alignment >= ``FUZZY_MIN``). The
   citation is the exact source span of the sentence(s) holding the quote. A quote not
   found is counted, and the sentence is aligned instead to the passage sentence that
   best supports it (small models paraphrase their quotes); failing both, the id is dropped.
4. **Support.** A sentence is supported when its verified citations support it by the
   rule in ``assistant.answering.support`` (every number and name present, polarity, overlap).
   Unsupported sentences stay in the answer without markers and are marked
   ``"supported": false``. A supported sentence whose cited sentences are no evidence
   for the question (their evidence score is under the abstention threshold) is dropped:
   true to the article, but not an answer.
5. **Fallback.** When the model fails (timeout, error, malformed JSON) or no sentence is
   supported, the offline answer is returned instead (``answerer`` says which).

The reply is streamed: each time the model finishes a sentence object of its JSON, the
sentences so far are verified and yielded, so a reader sees verified sentences while the
model is still writing. The last answer yielded is the complete one, verified as a whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.intent import Intent
from assistant.answering.reply import fence, finished_sentences, parse_reply
from assistant.answering.support import SupportJudge
from assistant.answering.verify import VerificationLog, cite
from assistant.answers import Answer, AnswerSentence, Citation
from prompts import load_prompt

log = logging.getLogger(__name__)


class GenerativeAnswerer:
    """Answers with a chat model; see the module docstring for what is verified."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        offline: ExtractiveAnswerer,
        judge: SupportJudge,
        name: str,
    ) -> None:
        self.chat_model = chat_model
        self.offline = offline
        self.judge = judge
        self.name = name
        self.log = VerificationLog()

    def answer(self, intent: Intent, passages: list[Document]) -> Answer:
        *_, complete = self.stream(intent, passages)
        return complete

    def stream(self, intent: Intent, passages: list[Document]) -> Iterator[Answer]:
        """Verified answers as the model writes; the last one is complete."""
        # The evidence is scored once, for the offline answer and the checks alike.
        evidence = self.offline.evidence(intent, passages)
        offline = self.offline.quote(evidence)
        if offline.abstained and self.offline.clearly_unanswerable(evidence):
            yield offline
            return
        relevance = evidence.scores()
        question, standalone = intent.question, intent.standalone
        reply, finished = "", 0
        try:
            for chunk in self.chat_model.stream(self._messages(standalone, passages)):
                reply += str(chunk.content)
                drafted = finished_sentences(reply)
                if len(drafted) > finished:
                    finished = len(drafted)
                    partial = self._verified(
                        question, standalone, passages, drafted, relevance, VerificationLog()
                    )
                    if partial is not None:
                        yield partial
        except Exception as exc:  # timeouts, connection and server errors alike
            self.log.failed_calls += 1
            self.log.events.append(f"call failed: {type(exc).__name__}")
            log.warning("LLM call failed (%s); answering offline", type(exc).__name__)
            yield self._fallback(offline)
            return
        try:
            parsed = parse_reply(reply)
        except ValueError as exc:
            self.log.malformed += 1
            self.log.events.append(f"malformed: {exc}")
            yield self._fallback(offline)
            return
        if not parsed.answerable:
            self.log.model_abstained += 1
            # Only in the uncertain band does the model's "not answerable" stand; where the
            # offline evidence is strong, its answer does.
            if not offline.abstained:
                yield self._fallback(offline)
                return
            yield Answer.abstention(question, standalone, self.name)
            return
        verified = self._verified(
            question, standalone, passages, parsed.sentences, relevance, self.log
        )
        yield verified or self._fallback(offline)

    @staticmethod
    def _messages(standalone: str, passages: list[Document]) -> list[BaseMessage]:
        return [
            SystemMessage(load_prompt("system")),
            HumanMessage(
                load_prompt("answer_with_citations").format(
                    passages=fence(passages), question=standalone
                )
            ),
        ]

    def _fallback(self, offline: Answer) -> Answer:
        self.log.fallbacks += 1
        return offline.model_copy(update={"answerer": f"{self.name}->extractive"})

    def _verified(
        self,
        question: str,
        standalone: str,
        passages: list[Document],
        drafted: list[dict[str, Any]],
        relevance: dict[tuple[str, int], float],
        verification: VerificationLog,
    ) -> Answer | None:
        citations: list[Citation] = []
        sentences: list[AnswerSentence] = []
        for draft in drafted:
            text = " ".join(str(draft["text"]).split())
            if not text:
                continue
            ids = draft.get("passage_ids") or []
            quote = str(draft.get("quote") or "")
            found: list[Citation] = []
            for passage_id in ids if isinstance(ids, list) else []:
                if not isinstance(passage_id, int) or not 1 <= passage_id <= len(passages):
                    verification.ids_out_of_range += 1
                    continue
                passage = passages[passage_id - 1]
                chunk = self.offline.index.chunks[passage.metadata["ordinal"]]
                span = cite(
                    chunk,
                    self.offline.scorer.sentences_in(chunk.ordinal),
                    quote,
                    text,
                    self.judge,
                    verification,
                )
                if span is None:
                    verification.citations_dropped += 1
                    continue
                start, end = span
                citation = Citation(
                    id=len(citations) + 1,
                    source=chunk.source,
                    start=start,
                    end=end,
                    text=chunk.text[start - chunk.start : end - chunk.start],
                    score=round(max(float(passage.metadata.get("dense_similarity", 0.0)), 0.0), 4),
                )
                if all((c.start, c.end) != (citation.start, citation.end) for c in citations):
                    citations.append(citation)
                    found.append(citation)
                else:
                    found += [
                        c for c in citations if (c.start, c.end) == (citation.start, citation.end)
                    ]
            supported = bool(found) and self.judge.supports(text, " ".join(c.text for c in found))
            if not supported:
                verification.unsupported_sentences += 1
            elif self._off_question(found, relevance):
                verification.off_question += 1
                continue
            sentences.append(
                AnswerSentence(
                    text=text,
                    citation_ids=[c.id for c in found] if supported else [],
                    supported=supported,
                )
            )
        if not any(s.supported for s in sentences):
            return None
        used = {i for s in sentences for i in s.citation_ids}
        kept = [c for c in citations if c.id in used]
        renumber = {c.id: n for n, c in enumerate(kept, start=1)}
        kept = [c.model_copy(update={"id": renumber[c.id]}) for c in kept]
        sentences = [
            s.model_copy(update={"citation_ids": [renumber[i] for i in s.citation_ids]})
            for s in sentences
        ]
        return Answer.cited(question, standalone, sentences, kept, self.name)

    def _off_question(self, found: list[Citation], relevance: dict[tuple[str, int], float]) -> bool:
        """True when none of the cited sentences is evidence for the question itself."""
        scores = [
            score
            for (source, start), score in relevance.items()
            for c in found
            if c.source == source and c.start <= start < c.end
        ]
        return max(scores, default=0.0) < self.offline.abstain_below
