"""See the chat: view mixes per chat, question, participant and time, replies across views, interventions.

Every function takes a classified frame (the output of :meth:`socialviews.model.model.Model.classify`, or a
classify output file read back with :func:`read_classified`) and returns a new DataFrame; none changes
its input. Labels come from the frame's ``p_<label>`` columns and names, definitions and interventions
from the taxonomy, so a renamed or added view needs no code change. See :mod:`.prepare` for how each
tweet's question and chat are found, and the no-view rule.

Example::

    import socialviews as sv
    from socialviews import analysis

    tagged = sv.load_model().classify(sv.read_chat("data/samples/ldinsight_generic.csv"))
    analysis.view_mix(tagged)
    analysis.question_mix(tagged)
    analysis.participants(tagged)

Importing this package loads neither pandas nor scikit-learn; they load on first use.
"""

from __future__ import annotations

from socialviews.analysis.anonymise import Pseudonymiser, pseudonymise
from socialviews.analysis.inputs import is_classified, load_classified, read_classified
from socialviews.analysis.interventions import interventions
from socialviews.analysis.mix import chat_mix, question_mix, representative_tweets, timeline, view_mix, wilson_interval
from socialviews.analysis.model_errors import explain_errors
from socialviews.analysis.people import MIXED_THRESHOLD, participants, returning_participants, talking_past
from socialviews.analysis.prepare import labels_of, no_view_labels, prepare, view_names

__all__ = [
    "MIXED_THRESHOLD",
    "Pseudonymiser",
    "chat_mix",
    "explain_errors",
    "interventions",
    "is_classified",
    "labels_of",
    "load_classified",
    "no_view_labels",
    "participants",
    "prepare",
    "pseudonymise",
    "question_mix",
    "read_classified",
    "representative_tweets",
    "returning_participants",
    "talking_past",
    "timeline",
    "view_mix",
    "wilson_interval",
    "view_names",
]
