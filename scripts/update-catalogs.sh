#!/usr/bin/env bash
# Re-extract the messages from code and templates and merge them into every catalog under locales/.
# Give language codes as arguments to start their catalogs (scripts/update-catalogs.sh fr).
# Translate the new or fuzzy entries by hand afterwards; the tests fail until every catalog is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
langs=$(for po in locales/*/LC_MESSAGES/messages.po; do [ -f "$po" ] && basename "$(dirname "$(dirname "$po")")"; done)
langs=$(printf '%s\n' $langs "$@" | sort -u)
# Remember each catalog's creation date and formatting locale (its Language header, such as en_GB), so that
# a run over an unchanged tree changes nothing.
headers=$("$bin/python" - $langs <<'PY'
import json, sys
from babel.messages.pofile import read_po
headers = {}
for lang in sys.argv[1:]:
    try:
        with open(f"locales/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
            catalog = read_po(handle)
        headers[lang] = {"date": catalog.creation_date.isoformat(), "locale": str(catalog.locale or lang)}
    except OSError:
        pass
print(json.dumps(headers))
PY
)
"$bin/pybabel" extract -F babel.cfg -k Nn_:1,2 -o locales/messages.pot --no-location --sort-output --omit-header . >/dev/null 2>&1
for lang in $langs; do
  po=locales/$lang/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    "$bin/pybabel" update -i locales/messages.pot -D messages -d locales -l "$lang" --omit-header --ignore-obsolete >/dev/null
  else
    "$bin/pybabel" init -i locales/messages.pot -D messages -d locales -l "$lang" >/dev/null
  fi
done

# Keep the catalogs' headers stable and about this project.
CATALOG_HEADERS="$headers" "$bin/python" - $langs <<'PY'
import datetime, json, os, sys
from babel import Locale
from babel.messages.pofile import read_po, write_po
headers = json.loads(os.environ["CATALOG_HEADERS"])
for lang in sys.argv[1:]:
    path = f"locales/{lang}/LC_MESSAGES/messages.po"
    old = headers.get(lang, {})
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=old.get("locale", lang))
    catalog.project, catalog.version = "reportgen", "0.1.0"
    catalog.fuzzy = False
    if "date" in old:
        catalog.creation_date = datetime.datetime.fromisoformat(old["date"])
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "reportgen maintainers"
    name = Locale.parse(lang).english_name
    catalog.header_comment = f"# {name} translations for reportgen.\n# Distributed under the same licence as reportgen (MIT)."
    with open(path, "wb") as handle:
        write_po(handle, catalog, no_location=True, width=100, ignore_obsolete=True)
PY
echo "catalogs updated: locales/messages.pot," $(for lang in $langs; do printf 'locales/%s/LC_MESSAGES/messages.po ' "$lang"; done)
