#!/bin/sh
# Serve doccano on 127.0.0.1 only, with its task worker (imports and exports run there).
# `doccano webserver` binds every interface (0.0.0.0) and has no option to change it, so this starts
# the same gunicorn application bound to loopback. Ctrl-C stops both.
#
#   scripts/doccano-loopback.sh ~/venvs/doccano [PORT]      (PORT: 8000 by default)
#
# The data lives in $DOCCANO_HOME (~/doccano by default), as with doccano's own commands.
set -eu
VENV=${1:?usage: scripts/doccano-loopback.sh DOCCANO_VENV [PORT]}
PORT=${2:-8000}
DOCCANO_HOME=${DOCCANO_HOME:-$HOME/doccano}
export DOCCANO_HOME STANDALONE=True DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="sqlite:///$DOCCANO_HOME/db.sqlite3" MEDIA_ROOT="$DOCCANO_HOME/media"
BACKEND=$("$VENV/bin/python" -c 'import backend, os; print(os.path.dirname(backend.__file__))')

"$VENV/bin/doccano" task --concurrency 1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null' EXIT INT TERM
echo "doccano on http://127.0.0.1:$PORT (data in $DOCCANO_HOME); Ctrl-C stops it" >&2
"$VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers 2 --chdir "$BACKEND" config.wsgi
