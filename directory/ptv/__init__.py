"""Reading the Finnish Service Catalogue (PTV): client, parser, coordinates, importer.

`client.PtvSource` is the one interface the importer reads through; `V11HttpClient` reads
PTV's v11 API over HTTP and `V11FileSource` reads files in the same JSON shape (the demo).
A v12 client (`languageVersions`, `x-api-key`) becomes a second implementation that yields
the same parsed records; see docs/ptv.md.
"""
