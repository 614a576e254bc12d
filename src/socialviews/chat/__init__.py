"""The rules of a chat: question and answer markers, and which question each tweet answers."""
