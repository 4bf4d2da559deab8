"""Email: the outbox that events write to, and the sender that empties it."""
