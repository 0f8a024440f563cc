"""Fuzzing: PDF mutations for the ingest fuzzer, atheris targets and their regression inputs."""
