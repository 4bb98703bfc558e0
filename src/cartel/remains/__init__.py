"""Remains of the fallen, batches and identification."""
