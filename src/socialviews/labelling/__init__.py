"""The labelling loop: the review queue, labelling tools' exports, importing labels into the corpus."""
