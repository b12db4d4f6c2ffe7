"""Plain logistic regression on the raw columns with the default 0.5 threshold: with 4% positives,
it almost never predicts a skip."""

import numpy as np


def predict_skips(train_rows, train_labels, test_rows):
    X, y = np.asarray(train_rows, dtype=float), np.asarray(train_labels)
    mean, std = X.mean(axis=0), X.std(axis=0) + 1e-9
    Z = (X - mean) / std
    w, b = np.zeros(Z.shape[1]), 0.0
    for _ in range(1500):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        w -= 0.5 * Z.T @ (p - y) / len(y)
        b -= 0.5 * (p - y).mean()
    scores = 1 / (1 + np.exp(-(((np.asarray(test_rows, dtype=float) - mean) / std) @ w + b)))
    return [int(s >= 0.5) for s in scores]
