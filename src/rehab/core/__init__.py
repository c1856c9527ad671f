"""Pure clinical logic: values in, decisions out.

Nothing here reads files, a database, the network or the clock ("today" is always an argument),
and nothing imports a framework. That keeps every rule a plain function that a test can check in
microseconds and that every adapter (CLI, web, reports) renders the same way.
"""
