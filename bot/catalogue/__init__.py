"""The message catalogue, one module per feature (see bot.i18n)."""
