"""The HTTP face: a JSON API under ``/api/v1`` (and, later, server-rendered pages). Routes are thin:
parse, call one service, return its contract model."""
