"""The ``arraylens`` command line."""
