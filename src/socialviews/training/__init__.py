"""Training: the labelled corpus, its audit, training, evaluation and retraining."""
