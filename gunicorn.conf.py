"""gunicorn's settings for production (docs/deployment.md):

    gunicorn -c gunicorn.conf.py --workers 4 --bind 127.0.0.1:8000

The access log is on (standard output) and goes through core.redaction.RedactingGunicornLogger, so
the secret tokens of private feeds and manage links never reach it; the app's own log lines go to
standard error through the same redaction (config/settings.py LOGGING). Options given on the command
line override these.
"""

wsgi_app = "config.wsgi:application"
bind = "127.0.0.1:8000"
# Longer than the database's statement timeout (DB_STATEMENT_TIMEOUT, 15 s) plus rendering: a
# request that hits it answers 503 itself; only a truly stuck worker is replaced.
timeout = 30
accesslog = "-"
errorlog = "-"
logger_class = "core.redaction.RedactingGunicornLogger"
