def train_serve_skew(train, serve):
    """train, serve: {feature: [values]}. Return {"psi": {feature: float}, "drifted": [features]}."""
    raise NotImplementedError
