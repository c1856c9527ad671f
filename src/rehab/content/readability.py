"""How hard a text is to read: the Flesch-Kincaid grade level.

Patient texts are kept at a reading grade of 8 or below, so that most adults can read them easily
(plain-language practice for health information). The grade is

    0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

(Kincaid, Fishburne, Rogers & Chissom 1975). Syllables are counted with the usual English vowel-group
rule, with the common silent endings (-e, -es, -ed) removed; like every published implementation it
is an estimate, close enough to rank texts and to hold a limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# A sentence ends at . ! ? (one or more) or at a line break (titles, list items).
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
# Silent endings: "makes", "walked", "made"; but "uses", "changes", "wanted" keep their syllable.
_SILENT_ENDING = re.compile(r"(?:[^laeiouycghsxz]es|[^laeiouydt]ed|[^laeiouy]e)$")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimated syllables in one word (at least 1)."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    if len(letters) <= 3:
        return 1
    stem = re.sub(r"^y", "", _SILENT_ENDING.sub("", letters))
    return max(1, len(_VOWEL_GROUP.findall(stem)))


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if _WORD.search(part)]


@dataclass(frozen=True, slots=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level, rounded to one decimal."""
        if not self.words:
            return 0.0
        value = 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59
        return round(value, 1)


def readability(text: str) -> Readability:
    parts = sentences(text)
    words = [w for part in parts for w in _WORD.findall(part)]
    return Readability(words=len(words), sentences=max(len(parts), 1), syllables=sum(syllables(w) for w in words))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text``."""
    return readability(text).grade
