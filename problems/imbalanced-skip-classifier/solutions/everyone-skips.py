"""Predicts a skip for every play: perfect recall, and precision equal to the skip rate."""


def predict_skips(train_rows, train_labels, test_rows):
    return [1] * len(test_rows)
