"""The CLI's commands, one module each: `add_parser(sub)` declares it, `run(args, settings)` does
it and returns the exit code. I/O and talking to the user live here; the stages do not print."""
