"""The demo network: Varsinais-Suomi's family-centre providers, loaded by `manage.py seed_demo`.

`network.py` holds the data, `loader.py` writes it. Demo rows (and the demo
accounts with their published password) exist only where someone ran the
command: never import this package from migrations or from request code.
"""
