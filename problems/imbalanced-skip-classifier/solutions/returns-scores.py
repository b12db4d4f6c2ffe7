"""Returns each test row's skip probability, not a 0/1 prediction."""

import numpy as np


def _features(rows):
    X = np.asarray(rows, dtype=float)
    night = ((X[:, 1] >= 23) | (X[:, 1] <= 4)).astype(float)
    return np.column_stack([X[:, 0], night, np.log(X[:, 2]), X[:, 3] / 40, X[:, 4]])


def _f1(predicted, y):
    tp = np.sum(predicted & (y == 1))
    return 2 * tp / (predicted.sum() + y.sum()) if tp else 0.0


def predict_skips(train_rows, train_labels, test_rows):
    Z, y = _features(train_rows), np.asarray(train_labels)
    mean, std = Z.mean(axis=0), Z.std(axis=0) + 1e-9
    Z = (Z - mean) / std
    weights = np.where(y == 1, (len(y) - y.sum()) / max(y.sum(), 1), 1.0)
    w, b = np.zeros(Z.shape[1]), 0.0
    for _ in range(1500):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        gradient = weights * (p - y)
        w -= 0.5 * Z.T @ gradient / weights.sum()
        b -= 0.5 * gradient.sum() / weights.sum()
    train_scores = 1 / (1 + np.exp(-(Z @ w + b)))
    threshold = max(np.linspace(0.05, 0.99, 95), key=lambda t: _f1(train_scores >= t, y))
    test_scores = 1 / (1 + np.exp(-(((_features(test_rows) - mean) / std) @ w + b)))
    return [float(s) for s in test_scores]
