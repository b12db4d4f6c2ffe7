"""Predicts that nobody skips: 96% accurate, and useless."""


def predict_skips(train_rows, train_labels, test_rows):
    return [0] * len(test_rows)
