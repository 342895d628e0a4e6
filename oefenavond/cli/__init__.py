"""The `oefenavond` command line."""
