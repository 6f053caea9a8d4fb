"""One detection module per catalogue rule: ``Params`` (the rule's thresholds) and ``check``."""
