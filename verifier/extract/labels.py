"""The words that name a cited document.

Findings name evidence in three ways, and each needs its own reading:
- an item: "Shandong Innovation Precision Technology Co., Ltd. - ESG Report, page 11: <url>";
- a list of entities under an intro: "The Human Rights Impact Survey Reports are available at the
  following:" then "Yunnan Innovation Alloy - <url>" (label: "Yunnan Innovation Alloy - Human Rights
  Impact Survey Reports");
- prose: "The Entity has publicly disclosed its Human Rights Due Diligence Management Procedure,
  available at: <url>" (label: the capitalised document name, not the sentence).
"""

from __future__ import annotations

import functools
import re

from verifier.extract.pages import strip_locations
from verifier.extract.structure import clean_words

DOC_NOUNS = {
    "report", "reports", "plan", "plans", "policy", "policies", "procedure", "procedures",
    "statement", "statements", "letter", "code", "conduct", "inventory", "notice", "assessment",
    "assessments", "survey", "certificate", "disclosure", "programme", "program", "handbook",
    "charter", "register", "list", "manual", "standard", "regulations", "guidelines",
    "declaration", "commitment", "strategy", "permit", "rules", "system", "pathway", "roadmap",
}  # fmt: skip
_CONNECTORS = {"of", "and", "for", "on", "the", "to", "in", "&", "or", "-", "–", "a"}
_FILLER_TAIL = re.compile(
    r"(?:[,.;]?\s*(?:which\s+is\s+|and\s+is\s+|is\s+|are\s+|has\s+been\s+|have\s+been\s+)?"
    r"(?:(?:publicly\s+)?(?:available|disclosed|published|provided|shown|found|listed|detailed)\s*"
    r"(?:on\s+the\s+(?:website|following)\s*)?(?:at|in|on|here|below|as\s+below)?"
    r"(?:\s+the\s+following)?|please\s+refer\s+to|refer\s+to|see|details\s+as\s+below"
    r"|at\s+the\s+following|as\s+follows)\s*[:.]?\s*)+$",
    re.IGNORECASE,
)
_FILLER_WINDOW = 300
_SEPARATOR = re.compile(r"(?<=\S)[\s:]*[-–—][\s\-–—:]*\s(?=\S)")
_TOKEN = re.compile(r"[\w’'().,&/-]+|[-–&]")
_ORG = re.compile(r"\b(?:Co\.,?\s*Ltd|Ltd|Limited|Inc|GmbH|LLC|S\.A|AG|plc|Corporation)\b\.?")


def _is_cap(tok: str) -> bool:
    core = tok.strip("(),.")
    return bool(core) and (core[0].isupper() or core[0].isdigit() or core.isupper())


def doc_phrase(sentence: str) -> str | None:
    """The most document-like capitalised phrase in a sentence ("Code of Conduct")."""
    tokens = _TOKEN.findall(sentence)
    best: tuple[int, str] | None = None
    i = 0
    while i < len(tokens):
        if not _is_cap(tokens[i]) or tokens[i].rstrip(",.") in {"The", "Each", "Its", "A", "An"}:
            i += 1
            continue
        j = i
        run = [tokens[i]]
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if _is_cap(nxt) or (nxt.lower() in _CONNECTORS and j + 2 < len(tokens)):
                run.append(nxt)
                j += 1
                if run[-1].endswith((",", ".")) and run[-1].rstrip(",.").lower() in DOC_NOUNS:
                    break
            else:
                break
        while run and (run[-1].lower() in _CONNECTORS or not _is_cap(run[-1])):
            run.pop()
        if run:
            words = [t.strip(",.") for t in run]
            score = len(words) + (5 if words[-1].lower() in DOC_NOUNS else 0)
            if words[0] in {"Entity", "Entity’s", "Entity's", "Facility", "Audit"}:
                score -= 3
            phrase = " ".join(words)
            named = len(words) >= 2 or words[-1].lower() in DOC_NOUNS
            if named and (best is None or score >= best[0]):
                best = (score, phrase)
        i = j + 1
    return best[1] if best else None


@functools.lru_cache(maxsize=1024)  # each lead is tidied several times while it is read
def tidy(lead: str) -> str:
    text = clean_words(lead)
    text = strip_locations(text)
    # "Code of Conduct (page 4)" leaves "( )" once the page is taken out.
    text = re.sub(r"\(\s*[,;.]?\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    # The filler ("..., available at:") ends the lead: only its tail is searched, which keeps a
    # long lead from costing the pattern's every start position.
    cut = max(0, len(text) - _FILLER_WINDOW)
    text = text[:cut] + _FILLER_TAIL.sub("", text[cut:])
    text = text.strip()
    text = _SEPARATOR.sub(" - ", text)
    text = text.strip(" -–—:;,").strip()
    # A bracket opened just before the link ("Code of Conduct (<url>)") is not part of a name.
    while text.endswith(("(", "[")):
        text = text[:-1].strip(" -–—:;,").strip()
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].strip()
    return text


def _namelike(text: str) -> bool:
    """Mostly capitalised words: a document or organisation name, not a sentence."""
    words = [w for w in re.findall(r"[\w’'&-]+", text) if w not in {"-", "–"}]
    if not words:
        return False
    caps = sum(1 for w in words if _is_cap(w) or w.lower() in _CONNECTORS)
    return caps >= 0.8 * len(words) and _is_cap(words[0])


def is_entity_only(text: str) -> bool:
    """An item that names who disclosed, not what ("Yunnan Innovation Alloy Co., Ltd. -")."""
    words = re.findall(r"[\w’']+", text)
    if not words or len(words) > 12:
        return False
    if any(w.lower() in DOC_NOUNS for w in words):
        return False
    if _ORG.search(text):
        return True
    return len(words) >= 2 and _namelike(text)


def _drop_leading(text: str) -> str:
    words = text.split()
    while len(words) > 1 and (
        words[0] in {"The", "Its", "Their", "Our"} or words[0].endswith(("'s", "’s"))
    ):
        words = words[1:]
    return " ".join(words)


def label_from(lead: str) -> str | None:
    """A label from the text that leads to a URL, or None when it names nothing."""
    text = tidy(lead)
    if not text:
        return None
    org = _ORG.search(text)
    if org and re.match(r"\s*,\s*[a-z]", text[org.end() :]):
        # "Yunnan Innovation Alloy Co., Ltd, for environmental incidents": the name is the label.
        text = text[: org.end()]
    text = _drop_leading(text)
    if _namelike(text):
        return text
    # A sentence that leads to a link names the document in its last sentence.
    last = re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", text)[-1]
    phrase = doc_phrase(last) or doc_phrase(text)
    return _drop_leading(phrase) if phrase else None


@functools.lru_cache(maxsize=4096)
def doc_of_intro(para: str) -> str | None:
    """The document kind an intro names ("The Human Rights Impact Survey Reports are available
    at the following:"), or None when it names no document."""
    sentences = re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", tidy(para))
    phrase = doc_phrase(sentences[-1])
    if phrase and any(w.lower().strip(",.") in DOC_NOUNS for w in phrase.split()):
        return _drop_leading(phrase)
    return None
