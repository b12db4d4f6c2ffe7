def ab_test_readout(segments, alpha=0.05):
    """segments: [{"segment": str, "control": [conversions, users], "treatment": [conversions, users]}].
    Return {"difference", "lift", "ci": [low, high], "p_value", "decision"}."""
    raise NotImplementedError
