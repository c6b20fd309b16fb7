"""The offline demo: a replica of the sample report's disclosure site and a runner."""
