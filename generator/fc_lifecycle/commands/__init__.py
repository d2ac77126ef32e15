"""One module per subcommand: ``register(subparsers)`` adds the parser and its handler."""
