"""Our rows as Linked Events v1 JSON(-LD): pure functions, model instances in, dicts out.

Shapes follow the serializers of City-of-Helsinki/linkedevents as anonymous readers get them
(where its old OpenAPI document differs, the serializers win): a translated field is an object
of the languages that have text, or null when none has; times are UTC ("Z"); the personal
`user_*`, `created_by` and `last_modified_by` fields are absent. No requests, no queries.
"""
