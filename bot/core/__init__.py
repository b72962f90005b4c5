"""What every feature shares: the caller, errors, the catalogue, mrkdwn, Block Kit shapes, tokens, people,
numbers, the outbox and the one notify path, reminders, file renderers, privacy."""
