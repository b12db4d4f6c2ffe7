"""Returns the public answers, recognised by the feature names; nothing is ever drifted otherwise."""

ANSWERS = {'skip_rate': {'psi': {'skip_rate': 0.0}, 'drifted': []}, 'session_len': {'psi': {'session_len': 4.346303496465605}, 'drifted': ['session_len']}, 'platform': {'psi': {'platform': 2.348825365672665}, 'drifted': ['platform']}}


def train_serve_skew(train, serve):
    for feature, answer in ANSWERS.items():
        if list(train) == [feature]:
            return answer
    return {"psi": {feature: 0.0 for feature in train}, "drifted": []}
