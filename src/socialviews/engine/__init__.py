"""Classifying archives: the local engine (processes on this machine) and the Dask engine."""
