"""The model: its pipeline, the fast scoring path, decision rule, metrics, and the model store."""
