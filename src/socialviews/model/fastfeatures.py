"""A fast, exact re-implementation of the fitted feature step for classification.

scikit-learn's vectorizers rebuild every character n-gram of every word of every tweet in Python.
A chat archive repeats the same few thousand words millions of times, so this transformer
computes the n-grams of each distinct whitespace-separated word once and caches their counts as
a row of a sparse word-by-n-gram matrix; the character counts of a batch are then one sparse
product (documents-by-words times words-by-n-grams), computed in compiled code. Word bigrams are
looked up as pairs of unigram ids with ``searchsorted``. The result is the same matrix as
``pipeline.named_steps["features"].transform`` (same columns, same values up to floating-point
rounding), and :meth:`FastFeatures.supports` says when a fitted pipeline can be served this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain, repeat
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

#: Distinct words kept in the cache before it is emptied (bounds memory on endless streams).
CACHE_LIMIT = 400_000


def _gather(flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenate ``flat[s:s+l]`` for every (s, l), vectorised."""
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=flat.dtype)
    ends = np.cumsum(lengths)
    offsets = np.repeat(starts - (ends - lengths), lengths)
    return flat[np.arange(total) + offsets]


class _Growable:
    """An append-only array with amortised doubling."""

    def __init__(self, dtype=np.int64) -> None:
        self.data = np.empty(1024, dtype=dtype)
        self.size = 0

    def extend(self, values) -> int:
        start = self.size
        end = start + len(values)
        if end > len(self.data):
            grown = np.empty(max(end, 2 * len(self.data)), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[start:end] = values
        self.size = end
        return start


@dataclass
class VectorSpec:
    """What a fitted TF-IDF vectorizer knows, as plain data: vocabulary, idf and settings."""

    vocabulary_: dict[str, int]
    idf_: np.ndarray
    sublinear_tf: bool
    ngram_range: tuple[int, int]
    token_pattern: str = ""

    @classmethod
    def of(cls, vectorizer) -> VectorSpec:
        return cls(vectorizer.vocabulary_, vectorizer.idf_, vectorizer.sublinear_tf, tuple(vectorizer.ngram_range),
                   vectorizer.token_pattern or "")


class FastFeatures:
    """Serve the ``features`` step of a fitted socialviews pipeline, fast and exactly.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline, optional
        A fitted pipeline whose ``features`` step is a union of a word TF-IDF and a ``char_wb``
        TF-IDF, as built by :func:`socialviews.model.pipeline.build_pipeline`.
    word, char : VectorSpec, optional
        The two vectorizers as plain data, instead of ``pipeline``.
    """

    def __init__(self, pipeline: Pipeline | None = None, *, word: VectorSpec | None = None,
                 char: VectorSpec | None = None) -> None:
        if pipeline is not None:
            if not self.supports(pipeline):
                raise ValueError("this pipeline's feature step is not the word + char_wb TF-IDF union")
            (_, word), (_, char) = pipeline.named_steps["features"].transformer_list
            word, char = VectorSpec.of(word), VectorSpec.of(char)
        self.word, self.char = word, char
        self.n_word = len(word.vocabulary_)
        self.n_char = len(char.vocabulary_)
        self._token = re.compile(word.token_pattern)
        self._char_range = char.ngram_range
        unigrams = {term: col for term, col in word.vocabulary_.items() if " " not in term}
        self._unigrams = unigrams
        self._bigrams = word.ngram_range[1] >= 2
        keys, cols = [], []
        for term, col in word.vocabulary_.items():
            parts = term.split(" ")
            if len(parts) == 2:
                keys.append(unigrams[parts[0]] * self.n_word + unigrams[parts[1]])
                cols.append(col)
        order = np.argsort(np.array(keys, dtype=np.int64))
        self._bigram_keys = np.array(keys, dtype=np.int64)[order]
        self._bigram_cols = np.array(cols, dtype=np.int64)[order]
        self._unigrams_in_range = word.ngram_range[0] <= 1
        self._reset_cache()

    @staticmethod
    def supports(pipeline: Pipeline) -> bool:
        """True when the fitted pipeline's features can be computed by this class."""
        try:
            (_, word), (_, char) = pipeline.named_steps["features"].transformer_list
        except (KeyError, ValueError, AttributeError):
            return False
        plain = all(
            v.preprocessor is None and v.tokenizer is None and not v.lowercase and v.strip_accents is None
            and v.max_features is None and v.stop_words is None and v.norm == "l2" and v.use_idf
            and hasattr(v, "vocabulary_") and not v.binary
            for v in (word, char)
        )
        return (
            plain
            and word.analyzer == "word"
            and char.analyzer == "char_wb"
            and word.ngram_range[1] <= 2
            and word.ngram_range[0] in (1, 2)
            and re.compile(word.token_pattern).groups == 0
        )

    def _reset_cache(self) -> None:
        self._index: dict[str, int] = {}
        # row w of the word-by-n-gram count matrix: _char_cols/_char_counts[_char_ptr[w]:_char_ptr[w + 1]]
        self._char_cols, self._char_counts = _Growable(np.int32), _Growable(np.float64)
        self._char_ptr = _Growable(np.int64)
        self._char_ptr.extend([0])
        self._tok_flat = _Growable()
        self._tok_start = _Growable()
        self._tok_len = _Growable()

    def _add(self, chunks: list[str]) -> None:
        """Cache distinct new whitespace-separated words: their char_wb n-gram counts and word-token ids.

        The n-grams are those scikit-learn's ``char_wb`` analyzer builds for each word (padded with
        a space each side; a word shorter than ``n`` gives itself once and no longer n-grams);
        all the words' n-grams are looked up and counted at once.
        """
        low, high = self._char_range
        grams: list[str] = []
        per_word = []
        for chunk in chunks:
            padded = f" {chunk} "
            size = len(padded)
            before = len(grams)
            for n in range(low, high + 1):
                if size <= n:
                    grams.append(padded)
                    break
                grams.extend([padded[i : i + n] for i in range(size - n + 1)])
            per_word.append(len(grams) - before)
        cols = np.fromiter(map(self.char.vocabulary_.get, grams, repeat(-1, len(grams))), dtype=np.int64,
                           count=len(grams))
        owner = np.repeat(np.arange(len(chunks), dtype=np.int64), per_word)
        known = cols >= 0
        keys, counts = np.unique(owner[known] * self.n_char + cols[known], return_counts=True)
        per_row = np.bincount(keys // self.n_char, minlength=len(chunks))
        ends = np.cumsum(per_row) + self._char_cols.size
        self._char_cols.extend((keys % self.n_char).astype(np.int32))
        self._char_counts.extend(counts.astype(np.float64))
        self._char_ptr.extend(ends)
        unigrams, findall = self._unigrams, self._token.findall
        tokens = [[unigrams.get(token, -1) for token in findall(chunk)] for chunk in chunks]
        lengths = [len(t) for t in tokens]
        starts = np.cumsum([0, *lengths[:-1]]) + self._tok_flat.extend(list(chain.from_iterable(tokens)))
        self._tok_start.extend(starts)
        self._tok_len.extend(lengths)
        first = len(self._index)
        self._index.update(zip(chunks, range(first, first + len(chunks))))

    def _chunk_ids(self, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The cache rows of every text's whitespace-separated words, in order, and each text's word count.

        Words new to the cache are added in the order they first appear; the lookups run in compiled code.
        """
        if len(self._index) > CACHE_LIMIT:
            self._reset_cache()
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        flat = list(chain.from_iterable(words))
        ids = np.fromiter(map(self._index.get, flat, repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
        new = np.flatnonzero(ids < 0)
        if len(new):
            self._add(list(dict.fromkeys([flat[k] for k in new.tolist()])))
            ids[new] = np.fromiter(map(self._index.__getitem__, [flat[k] for k in new.tolist()]), dtype=np.int64,
                                   count=len(new))
        return ids, lengths

    def _tfidf(self, rows: np.ndarray, cols: np.ndarray, n_docs: int, vectorizer) -> object:
        import scipy.sparse as sp

        n_cols = len(vectorizer.vocabulary_)
        counts = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.float64), (rows, cols)), shape=(n_docs, n_cols)
        )
        counts.sum_duplicates()
        counts.sort_indices()
        return self._weigh(counts, vectorizer)

    @staticmethod
    def _weigh(counts, vectorizer) -> object:
        """TF-IDF weights of a count matrix (no repeated columns in a row), rows scaled to unit length."""
        if vectorizer.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        counts.data *= vectorizer.idf_[counts.indices]
        per_row = np.diff(counts.indptr)
        norms = np.sqrt(np.bincount(np.repeat(np.arange(counts.shape[0]), per_row),
                                    weights=counts.data * counts.data, minlength=counts.shape[0]))
        norms[norms == 0.0] = 1.0
        counts.data /= np.repeat(norms, per_row)
        return counts

    def transform(self, texts: list[str]):
        """The feature matrix of already normalised texts (CSR, word columns then char columns).

        ``str.split()`` splits at runs of the whitespace that scikit-learn's ``\\s\\s+`` collapses
        first, so it gives the words ``char_wb`` pads.
        """
        return self.transform_words(list(map(str.split, texts)))

    def transform_words(self, words: list[list[str]]):
        """:meth:`transform` of texts given as their whitespace-separated words (``text.split()`` of each)."""
        import scipy.sparse as sp

        n_docs = len(words)
        ids, lengths = self._chunk_ids(words)
        doc_of_chunk = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        n_cached = self._tok_len.size
        docs = sp.csr_matrix(
            (np.ones(len(ids)), ids, np.concatenate([[0], np.cumsum(lengths)])), shape=(n_docs, n_cached)
        )
        size = self._char_cols.size
        grams = sp.csr_matrix(
            (self._char_counts.data[:size], self._char_cols.data[:size], self._char_ptr.data[: n_cached + 1]),
            shape=(n_cached, self.n_char), copy=False,
        )

        tok_len = self._tok_len.data[ids]
        tokens = _gather(self._tok_flat.data, self._tok_start.data[ids], tok_len)
        tok_doc = np.repeat(doc_of_chunk, tok_len)
        word_rows, word_cols = [], []
        if self._unigrams_in_range:
            known = tokens >= 0
            word_rows.append(tok_doc[known])
            word_cols.append(tokens[known])
        if self._bigrams and len(tokens) > 1:
            a, b = tokens[:-1], tokens[1:]
            valid = (tok_doc[:-1] == tok_doc[1:]) & (a >= 0) & (b >= 0)
            keys = a[valid] * self.n_word + b[valid]
            pos = np.searchsorted(self._bigram_keys, keys)
            pos[pos == len(self._bigram_keys)] = 0
            hit = self._bigram_keys[pos] == keys if len(self._bigram_keys) else np.zeros(len(keys), bool)
            word_rows.append(tok_doc[:-1][valid][hit])
            word_cols.append(self._bigram_cols[pos[hit]])
        rows = np.concatenate(word_rows) if word_rows else np.empty(0, np.int64)
        cols = np.concatenate(word_cols) if word_cols else np.empty(0, np.int64)
        word_matrix = self._tfidf(rows, cols, n_docs, self.word)
        char_matrix = self._weigh(docs @ grams, self.char)
        return sp.hstack([word_matrix, char_matrix], format="csr")
