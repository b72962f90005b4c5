"""Reports and CSV exports for managers."""
