"""Detect the text encoding and the delimiter of a list file.

Encodings: UTF-8 (with or without BOM), UTF-16/32 (BOM or null-byte pattern), and the single-byte code pages
that Cyrillic lists arrive in (cp1251, KOI8-R/KOI8-U, cp866, mac-cyrillic) or Western ones (cp1252 and whatever
charset-normalizer proposes). charset-normalizer alone is unreliable on short Cyrillic name lists (it reads a
KOI8-R «ПЕТРОВ;ИВАН» as cp1251 «рефтпч;йчбо»), so every single-byte candidate is scored by how plausible its
letters are: Cyrillic letter frequencies, common bigrams, and the case pattern of each word (KOI8-R read as cp1251
swaps upper and lower case, «Петров» becomes «пЕТРОВ»).
"""

from __future__ import annotations

import codecs
import csv
import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from charset_normalizer import from_bytes

from cartel.engine.tabular.errors import TabularError

__all__ = ["DELIMITERS", "Decoded", "decode_bytes", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Tried in this order; on equal scores the earlier one wins.
_SINGLE_BYTE = ("cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic", "cp1252", "cp1250")

# Relative letter frequencies of Russian and Ukrainian text merged (per cent, rounded).
# fmt: off
_CYRILLIC_FREQ = {
    "о": 10.0, "а": 8.0, "е": 8.0, "и": 6.5, "н": 6.5, "т": 5.5, "р": 5.0, "с": 5.0, "в": 4.5, "л": 4.4,
    "к": 3.6, "м": 3.2, "д": 3.0, "п": 2.8, "у": 2.7, "і": 2.5, "я": 2.0, "ь": 1.7, "г": 1.7, "з": 1.7,
    "б": 1.6, "ч": 1.5, "ы": 1.2, "й": 1.2, "х": 1.0, "ж": 0.9, "ш": 0.8, "ю": 0.7, "ц": 0.5, "ї": 0.5,
    "є": 0.4, "щ": 0.4, "ф": 0.3, "э": 0.3, "ё": 0.2, "ґ": 0.1, "ъ": 0.05, "ў": 0.02,
}
# fmt: on
_CYRILLIC_LOGP = {ch: math.log(pct / 100) for ch, pct in _CYRILLIC_FREQ.items()}
_VOWELS = frozenset("аеиоуыэюяіїєё")
# Frequent bigrams of Russian and Ukrainian surnames, given names and patronymics.
_BIGRAM_TEXT = """
    ов ев ен ко нк на ан ра ро ер ор ол ло ле ль ий ай ей ич ви вн ин ни ки ка ак ок ек ст та ат ти ит ре ри
    ар ир ал ла ли ил ел ма ам им ми ме ем ом мо но он ва ав во ве ед да ад до од ди ид го ог га ге ег ба бо
    ря ия ья ая ой ый ша ше ук ку ус су нт нд нн лл сс тр др пр бр вр гр кр ск сл св шк чк ье ьо ьн ьк оя ів
    ій ін ім іл ір іс іт ік ід ія ії юк юр ян як ох ех ць ще ул ню ес ос ас ис
"""
_BIGRAMS = frozenset(_BIGRAM_TEXT.split())
_LOGP_LATIN1 = math.log(0.004)
_LOGP_LATIN_EXTENDED = math.log(0.002)
_LOGP_OTHER_LETTER = math.log(0.0003)
_LOGP_TYPOGRAPHIC = math.log(0.002)
_LOGP_JUNK = math.log(0.00003)
_TYPOGRAPHIC = frozenset("\u00a0«»—–’ʼ‘“”„№…°·")
_WORD_RE = re.compile(r"[^\x00-\x40\x5b-\x60\x7b-\x7f]+")
# Control characters other than tab, line ends and form feed; surrogates; private use.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_HIGH_LINE_RE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")
_SAMPLE_BYTES = 256 * 1024  # text sampled for the delimiter and for control characters
_DETECT_BYTES = 32 * 1024  # bytes sampled (twice) for the encoding


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Text of a list file, the encoding it was read in, whether it had a BOM, and how sure the guess is."""

    text: str
    encoding: str
    had_bom: bool
    confidence: float


def decode_bytes(data: bytes) -> Decoded:
    """Decode a list file's bytes, detecting the encoding; raise `TabularError` for empty or binary data."""
    if not data:
        raise TabularError("The file is empty: there is nothing to import.", code="empty_file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(_decode_strict(data[len(bom) :], encoding), encoding, had_bom=True, confidence=1.0)
    utf16 = _utf16_by_nulls(data)
    if utf16 is not None:
        return _finish(_decode_strict(data, utf16), utf16, had_bom=False, confidence=0.9)
    if b"\x00" in data:
        raise _binary()
    if data.isascii():
        return _finish(data.decode("ascii"), "ascii", had_bom=False, confidence=1.0)
    try:
        return _finish(data.decode("utf-8"), "utf-8", had_bom=False, confidence=0.99)
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, exc.start) + 1
            raise TabularError(
                f"The file is UTF-8 text, but the bytes on line {line} are not valid UTF-8: the file may be cut "
                "short or pasted together from files in two encodings. Open it, fix or retype that line and "
                "save it again as UTF-8.",
                code="bad_utf8",
            ) from exc
    return _decode_single_byte(data)


def sniff_delimiter(text: str) -> str:
    """Return the delimiter among , ; tab | that splits the first lines into the most consistent field counts."""
    lines = text[:_SAMPLE_BYTES].splitlines(keepends=True)[:100]
    if len(lines) > 1 and len(text) > sum(map(len, lines)):
        lines = lines[:-1]  # the last sampled line may be cut short
    best, best_key = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(row)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, _ = max(Counter(counts).items(), key=lambda item: (item[1], item[0]))
        if mode < 2:
            continue
        consistency = sum(1 for count in counts if count == mode) / len(counts)
        key = (round(consistency, 3), mode)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _decode_strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TabularError(
            f"The file looks like {encoding.upper()} text but byte {exc.start} cannot be decoded: it may be "
            "damaged or not a text file. Open it in a spreadsheet program and save it as UTF-8 CSV or XLSX.",
            code="bad_encoding",
        ) from exc


def _finish(text: str, encoding: str, *, had_bom: bool, confidence: float) -> Decoded:
    sample = text[:_SAMPLE_BYTES]
    junk = len(_JUNK_RE.findall(sample))
    if "\x00" in sample or junk > max(2, len(sample) // 200):
        raise _binary()
    return Decoded(text=text, encoding=encoding, had_bom=had_bom, confidence=confidence)


def _binary() -> TabularError:
    return TabularError(
        "The file is not text: it holds binary data (an image, an archive, a database or a damaged file). "
        "Upload the list as CSV, TSV or XLSX.",
        code="binary",
    )


def _utf16_by_nulls(data: bytes) -> str | None:
    """Return utf-16-le/-be when null bytes sit on one parity only, as in BOM-less UTF-16 text."""
    sample = data[:8192]
    if len(sample) < 2 or len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= pairs * 0.1 and even <= pairs * 0.01:
        return "utf-16-le"
    if even >= pairs * 0.1 and odd <= pairs * 0.01:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether the non-ASCII bytes are overwhelmingly well-formed UTF-8 (so one bad spot is damage)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return good >= 8 and bad * 50 <= good


def _detection_sample(data: bytes) -> bytes:
    """The first lines, plus later lines with non-ASCII bytes when the first ones have few."""
    if len(data) <= 2 * _DETECT_BYTES:
        return data
    cut = data.rfind(b"\n", 0, _DETECT_BYTES) + 1 or _DETECT_BYTES
    head = data[:cut]
    extra: list[bytes] = []
    size = sum(1 for byte in head if byte > 0x7F) * 8
    for match in _HIGH_LINE_RE.finditer(data, cut):
        if size >= _DETECT_BYTES:
            break
        extra.append(match.group())
        size += len(match.group())
    return head + b"".join(extra)


def _is_single_byte(encoding: str) -> bool:
    try:
        return len(bytes(range(0x80, 0x100)).decode(encoding, errors="replace")) == 0x80
    except LookupError:
        return False


def _normalizer_guess(sample: bytes) -> str | None:
    best = from_bytes(sample).best()
    if best is None or not _is_single_byte(best.encoding):
        return None
    return str(codecs.lookup(best.encoding).name)


def _decode_single_byte(data: bytes) -> Decoded:
    sample = _detection_sample(data)
    guess = _normalizer_guess(sample)
    candidates = list(_SINGLE_BYTE)
    if guess is not None and guess not in {codecs.lookup(name).name for name in candidates}:
        candidates.append(guess)
    high = sum(1 for byte in sample if byte > 0x7F)
    scored: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    for order, encoding in enumerate(candidates):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text in seen:
            continue  # the same text as an earlier candidate: the earlier name stands for both
        seen.add(text)
        score = plausibility(text) / max(high, 1)
        if guess is not None and codecs.lookup(encoding).name == guess:
            score += 1e-6  # charset-normalizer's choice breaks exact ties only
        scored.append((score, -order, encoding))
    scored.sort(reverse=True)
    for index, (score, _, encoding) in enumerate(scored):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if score < -9.0 and high * 5 > len(sample):
            raise TabularError(
                "The file's text could not be recognised in any known encoding: it may be binary or damaged. "
                "Open it in a spreadsheet program and save it as UTF-8 CSV or XLSX.",
                code="unknown_encoding",
            )
        runner_up = scored[index + 1][0] if index + 1 < len(scored) else score - 5.0
        confidence = round(1.0 / (1.0 + math.exp(-4.0 * (score - runner_up))), 3)
        return _finish(text, _canonical_name(encoding), had_bom=False, confidence=confidence)
    raise _binary()


def _canonical_name(encoding: str) -> str:
    return codecs.lookup(encoding).name.replace("_", "-")


def plausibility(text: str) -> float:
    """Return a log-likelihood-like score of how natural the non-ASCII words of `text` look (higher is better)."""
    words = Counter(word for word in _WORD_RE.findall(text) if not word.isascii())
    return sum(_word_score(word) * count for word, count in words.items())


def _word_score(word: str) -> float:
    score = 0.0
    cyrillic: list[str] = []
    latin = mixed_cyrillic = False
    for ch in word:
        low = ch.lower()
        if low in _CYRILLIC_LOGP:
            cyrillic.append(low)
            score += _CYRILLIC_LOGP[low]
        elif ch.isascii():
            latin = True
        elif ch.isalpha():
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            if script == "LATIN":
                latin = True
                score += _LOGP_LATIN1 if ch <= "\u00ff" else _LOGP_LATIN_EXTENDED
            else:
                mixed_cyrillic = mixed_cyrillic or script == "CYRILLIC"
                score += _LOGP_OTHER_LETTER
        elif ch in _TYPOGRAPHIC:
            score += _LOGP_TYPOGRAPHIC
        else:
            score += _LOGP_JUNK
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and not _natural_case(letters):
        score -= 6.0
    if (cyrillic or mixed_cyrillic) and latin:
        score -= 4.0
    if cyrillic:
        score += 1.5 * sum(1 for a, b in itertools.pairwise(cyrillic) if a + b in _BIGRAMS)
        if len(cyrillic) >= 4 and not _VOWELS.intersection(cyrillic):
            score -= 4.0
        score -= 4.0 * _misspellings(cyrillic)
    return score


def _misspellings(letters: list[str]) -> int:
    """Count spellings that Russian and Ukrainian words never have (a soft sign first, й after a consonant)."""
    count = 1 if letters[0] in "ьъы" else 0
    for before, after in itertools.pairwise(letters):
        if (after in "ьъ" and before in _VOWELS) or (after == "й" and before not in _VOWELS):
            count += 1
    return count


def _natural_case(letters: list[str]) -> bool:
    rest = letters[1:]
    if all(ch.islower() for ch in rest):
        return True
    return all(ch.isupper() for ch in letters)
