"""Text as the model reads it: tweet normalisation, without scikit-learn."""
