"""Heading-less text split into one entry per question line, grouped under topic lines."""

from __future__ import annotations

from paperdesk.collection.markers import (
    LIST_START,
    QUESTION_LABEL,
    SMALL_WORDS,
    FileLayout,
    Marker,
    Span,
)


def _is_topic(text: str) -> bool:
    if not 3 <= len(text) <= 60 or "\t" in text or text[-1] in ".:;,?!)" or text[0] in "-*+[($!<|>":
        return False
    words = text.replace("/", " / ").split()
    if len(words) > 8 or text.lower().startswith(("figure", "fig.", "table")):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 3 and text.upper() == text:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS or not w[0].isalpha())
    return caps == len(words) and (text[0].isupper() or text[0].isdigit())


def _is_label(text: str) -> bool:
    """A short caption-like line ("Photograph", "Input"): such runs are figure labels, not topics."""
    return len(text) <= 30 and text[0].isalnum() and text[-1] not in ".:;,?!)" and "\t" not in text


def question_spans(lines: list[str], opaque: bytearray, start: int, layout: FileLayout) -> bool:
    """Split heading-less text into one entry per question line, grouped under topic lines."""
    n = len(lines)
    questions: list[int] = []
    labelled: list[int] = []
    prev_blank = True
    for i in range(start, n):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            prev_blank = True
            continue
        was_blank = prev_blank
        prev_blank = False
        if opaque[i] or not was_blank or stripped[-1] != "?" or line[0] in " \t" or len(stripped) > 300:
            continue
        if "\t" in stripped or LIST_START.match(stripped) or stripped[0] in "|>$<!#":
            continue
        (labelled if QUESTION_LABEL.match(stripped) else questions).append(i)
    if len(labelled) > len(questions):
        questions = sorted(questions + labelled)
    if len(questions) < 2:
        return False
    topics: dict[int, str] = {}
    for q in questions:
        j = q - 1
        while j >= start and not lines[j].strip():
            j -= 1
        if j >= start and j < q - 1 and not opaque[j] and _is_topic(lines[j].strip()):
            k = j - 1
            while k >= start and not lines[k].strip():
                k -= 1
            # not the last of a run of blank-separated figure labels ("Input", "Photograph", ...)
            if k < start or k == j - 1 or not _is_label(lines[k].strip()):
                topics[q] = lines[j].strip()
    current: str | None = None
    topic_line_of: dict[int, int] = {}
    for q in topics:
        j = q - 1
        while not lines[j].strip():
            j -= 1
        topic_line_of[q] = j
    for k, q in enumerate(questions):
        if q in topics:
            current = topics[q]
        if k + 1 < len(questions):
            nq = questions[k + 1]
            end = topic_line_of.get(nq, nq) - 1
        else:
            end = n - 1
        while end > q and not lines[end].strip():
            end -= 1
        layout.spans.append(Span(q, end, "question", Marker(q, 8, lines[q].strip()), current, None))
    return True
