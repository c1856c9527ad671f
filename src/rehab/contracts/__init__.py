"""Wire formats (Pydantic) shared by the CLI and the HTTP API. They validate at the edge and convert
to and from the plain types of :mod:`rehab.core`."""
