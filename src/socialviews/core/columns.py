"""The column schema: the normalised tweet columns every reader returns, and the rejects' columns."""

from __future__ import annotations

#: The normalised tweet columns, in output order (see the README's classify section).
TWEET_COLUMNS = ("tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id", "conversation_id", "qa")
REJECT_COLUMNS = ("source", "line", "reason", "raw")
