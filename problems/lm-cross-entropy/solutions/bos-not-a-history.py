"""Counts histories as the unigram counts: <s> is never a history, so c(<s>) is 0."""

import math
from collections import Counter

UNK, BOS, EOS = "<unk>", "<s>", "</s>"


def _sentences(lines, vocabulary=None):
    for line in lines:
        words = line.lower().split()
        if vocabulary is not None:
            words = [w if w in vocabulary else UNK for w in words]
        yield [BOS, *words, EOS]


def lm_cross_entropy(train, test, k=1.0):
    unigrams, histories, bigrams = Counter(), Counter(), Counter()
    for sentence in _sentences(train):
        unigrams.update(sentence[1:])
        histories.update(sentence[1:-1])
        bigrams.update(zip(sentence, sentence[1:]))
    vocabulary = set(unigrams) | {UNK}
    size, total = len(vocabulary), sum(unigrams.values())
    bits = {"unigram": 0.0, "bigram": 0.0}
    predicted = 0
    for sentence in _sentences(test, vocabulary):
        for history, word in zip(sentence, sentence[1:]):
            bits["unigram"] -= math.log2((unigrams[word] + k) / (total + k * size))
            bits["bigram"] -= math.log2((bigrams[history, word] + k) / (histories[history] + k * size))
            predicted += 1
    result = {}
    for model, total_bits in bits.items():
        entropy = total_bits / predicted if predicted else 0.0  # no test sentence: nothing predicted
        result[model] = {"cross_entropy": entropy, "perplexity": 2 ** entropy}
    result["better"] = "bigram" if result["bigram"]["cross_entropy"] < result["unigram"]["cross_entropy"] else "unigram"
    return result
