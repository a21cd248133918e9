#!/usr/bin/env bash
# Re-extract the messages from code and templates and merge them into the nl and en catalogs.
# Translate the new or fuzzy entries by hand afterwards; the tests fail until both catalogs are complete.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
# Remember each catalog's creation date, so that a run over an unchanged tree changes nothing.
dates=$("$bin/python" - <<'PY'
import json
from babel.messages.pofile import read_po
dates = {}
for lang in ("nl", "en"):
    try:
        with open(f"locales/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
            dates[lang] = read_po(handle, locale=lang).creation_date.isoformat()
    except OSError:
        pass
print(json.dumps(dates))
PY
)
"$bin/pybabel" extract -F babel.cfg -o locales/messages.pot --no-location --sort-output --omit-header . >/dev/null 2>&1
for lang in nl en; do
  po=locales/$lang/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    "$bin/pybabel" update -i locales/messages.pot -D messages -d locales -l "$lang" --omit-header --ignore-obsolete >/dev/null
  else
    "$bin/pybabel" init -i locales/messages.pot -D messages -d locales -l "$lang" >/dev/null
  fi
done

# Keep the catalogs' headers stable and about this project.
CATALOG_DATES="$dates" "$bin/python" - <<'PY'
import datetime, json, os
from babel.messages.pofile import read_po, write_po
dates = json.loads(os.environ["CATALOG_DATES"])
for lang, name in (("nl", "Dutch"), ("en", "English")):
    path = f"locales/{lang}/LC_MESSAGES/messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    catalog.project, catalog.version = "reportgen", "0.1.0"
    catalog.fuzzy = False
    if lang in dates:
        catalog.creation_date = datetime.datetime.fromisoformat(dates[lang])
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "reportgen maintainers"
    catalog.header_comment = f"# {name} translations for reportgen.\n# Distributed under the same licence as reportgen (MIT)."
    with open(path, "wb") as handle:
        write_po(handle, catalog, no_location=True, width=100, ignore_obsolete=True)
PY
echo "catalogs updated: locales/messages.pot, locales/{nl,en}/LC_MESSAGES/messages.po"
