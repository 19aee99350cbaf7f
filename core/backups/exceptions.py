class BackupError(Exception):
    """A backup or a drill could not run at all (as opposed to a drill that found differences)."""
