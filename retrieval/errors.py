class IngestError(ValueError):
    """Input that cannot be turned into messages; the text is the one line a user sees."""
