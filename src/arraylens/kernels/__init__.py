"""Canonical, convention-free kernels that every front-end reduces to."""
