"""Re-extract the UI messages into locale/<lang>/LC_MESSAGES/django.po and report what is left.

The catalogue is written in one stable shape so re-running only shows real changes in a
diff: entries sorted by msgid, locations as file names without line numbers, no line
wrapping, no obsolete entries, and the header kept as it was. Existing translations are
kept; msgmerge may propose a translation for a changed msgid, marked fuzzy, which Django
does not use until someone reviews it and removes the flag.

    manage.py update_translations                 # re-extract, list what needs translating
    manage.py update_translations --no-extract --check   # CI-style: fail if anything is left
    manage.py update_translations --export todo.json     # untranslated msgids to a JSON file
    manage.py update_translations --apply todo.json      # write translations back (checked)
    manage.py update_translations --hardcoded            # Chinese in templates/Python not marked

``locale/<lang>/pending.json`` (same JSON shape) holds translations written ahead for
strings on branches not merged yet; each is applied once its msgid has been extracted.

Pure modules that cannot import Django (``rules/``) may mark a label for extraction with an
identity function ``N_("...")``; the code that shows it calls ``gettext(label)``.

The JSON file maps each msgid to its translation: a string, or a two-item list
``[singular, plural]`` for plural entries. Translations whose placeholders (``%(n)s``,
``%s``, ``{name}``, HTML tags) differ from the msgid's are refused.
"""

import ast
import json
import re
from collections import Counter
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands import makemessages
from django.utils import timezone

DEFAULT_LOCALES = ["en"]
PENDING = "pending.json"
# Folders that hold no UI text of ours (tests, vendor code, build output).
IGNORE = [".venv", "node_modules", "tests", "staticfiles", "test-artifacts", ".data", "media"]
HEADER = {
    "Project-Id-Version": "bureau",
    "Report-Msgid-Bugs-To": "",
    "PO-Revision-Date": "",
    "Last-Translator": "bureau portal team",
    "Language-Team": "English",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

_PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]"  # %s, %d, %%
    r"|\{[A-Za-z_0-9.\[\]!:]*\}"  # {name}, {0}, {}
    r"|</?[A-Za-z][A-Za-z0-9]*"  # an HTML tag's name, open or close
)


def placeholders(text: str) -> Counter:
    """Return the placeholders and HTML tag names in ``text`` with their counts."""
    return Counter(_PLACEHOLDER.findall(text or ""))


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """Return one line per translation whose placeholders differ from its msgid's."""
    problems = []
    if entry.msgid_plural:
        # English needs the number in the plural form only; the singular may spell it out,
        # but must not invent placeholders the msgid does not have.
        wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        for index, text in sorted(entry.msgstr_plural.items()):
            got = placeholders(text)
            if not text:
                continue
            if (index == 1 and got != wanted) or (index == 0 and not got <= wanted):
                problems.append(f"{entry.msgid!r} [{index}]: {dict(got)} != {dict(wanted)}")
    elif entry.msgstr:
        wanted, got = placeholders(entry.msgid), placeholders(entry.msgstr)
        if got != wanted:
            problems.append(f"{entry.msgid!r}: {dict(got)} != {dict(wanted)}")
    return problems


def is_untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def catalogue_paths(locales) -> list[Path]:
    root = Path(settings.LOCALE_PATHS[0])
    return [root / code / "LC_MESSAGES" / "django.po" for code in locales]


def normalise(path: Path, old_header: dict | None, language: str) -> polib.POFile:
    """Sort, unwrap and give the catalogue a stable header; return it."""
    po = polib.pofile(str(path), wrapwidth=0)
    header = dict(HEADER, Language=language)
    if old_header:
        header.update(old_header)
    po.metadata = header
    po.metadata_is_fuzzy = False
    po.header = "Translations of the bureau portal's UI (msgids are Simplified Chinese)."
    po.sort(key=lambda e: (e.msgid, e.msgctxt or ""))
    for entry in po:
        # File names only: line numbers change with every edit and say little to a translator.
        entry.occurrences = sorted({(file, "") for file, _line in entry.occurrences})
    po.save(str(path))
    return po


# --- Chinese text that never reaches the catalogue ------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff]")
GETTEXT_CALLS = {"_", "N_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext"}
# Demo data and migrations are meant to hold Chinese text; tests and vendor code are not UI.
NOT_UI = {*IGNORE, "migrations", "__pycache__"}
_TRANSLATED_IN_TEMPLATE = [
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}|<!--.*?-->", re.S),
    re.compile(r"\{%\s*trans(?:late)?\s+(\"[^\"]*\"|'[^']*')[^%]*%\}"),
    re.compile(r"_\((\"[^\"]*\"|'[^']*')\)"),
    re.compile(r"//[^\n]*"),  # comments in inline scripts
]


def _files(root: Path, pattern: str):
    for path in sorted(root.rglob(pattern)):
        parts = set(path.relative_to(root).parts)
        if not parts & NOT_UI and not any(p.startswith(".") for p in parts) and path.name != "demo.py":
            yield path


def hardcoded_in_templates(root: Path) -> list[str]:
    """Return ``file:line: text`` for template lines with Chinese outside translation tags."""
    found = []
    for path in _files(root, "*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in _TRANSLATED_IN_TEMPLATE:
            text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for number, line in enumerate(text.splitlines(), 1):
            if CJK.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {' '.join(line.split())[:100]}")
    return found


def hardcoded_in_python(root: Path) -> list[str]:
    """Return ``file:line: text`` for Chinese string literals outside gettext calls and docstrings."""
    found = []
    for path in _files(root, "*.py"):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        docstrings = {
            node.body[0].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)):
                continue
            if node in docstrings or _inside_gettext(node, parents):
                continue
            found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value[:80]!r}")
    return found


def _inside_gettext(node, parents) -> bool:
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.ClassDef | ast.Module):
        if isinstance(parent, ast.Call):
            func = parent.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in GETTEXT_CALLS:
                return True
        parent = parents.get(parent)
    return False


class _MakeMessages(makemessages.Command):
    # Pure policy modules (rules/) import no Django: they mark their labels with an identity
    # function ``N_("...")`` so the labels are extracted here and translated where shown.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]


class Command(BaseCommand):
    help = "Re-extract UI messages keeping translations, list what is left, apply a JSON of translations."

    def add_arguments(self, parser):
        parser.add_argument("-l", "--locale", action="append", help="Locale(s) to update (default: en).")
        parser.add_argument("--no-extract", action="store_true", help="Do not run makemessages; only check/list.")
        parser.add_argument("--apply", metavar="JSON", help="Write translations from a JSON file {msgid: msgstr}.")
        parser.add_argument("--export", metavar="JSON", help="Write untranslated and fuzzy msgids to a JSON file.")
        parser.add_argument("--check", action="store_true", help="Fail if anything is untranslated, fuzzy or broken.")
        parser.add_argument("--quiet-list", action="store_true", help="Print counts only, not each msgid.")
        parser.add_argument(
            "--hardcoded", action="store_true", help="Only list Chinese text in templates and Python not marked."
        )

    def handle(self, *args, **options):
        if options["hardcoded"]:
            root = Path(settings.BASE_DIR)
            for title, lines in (("templates", hardcoded_in_templates(root)), ("python", hardcoded_in_python(root))):
                self.stdout.write(f"{len(lines)} {title} line(s) with Chinese not marked for translation:")
                self.stdout.write("\n".join(f"  {line}" for line in lines))
            return
        locales = options["locale"] or DEFAULT_LOCALES
        failed = False
        for language, path in zip(locales, catalogue_paths(locales), strict=True):
            old_header = polib.pofile(str(path)).metadata if path.exists() else None
            if not options["no_extract"]:
                call_command(
                    _MakeMessages(),
                    locale=[language],
                    ignore_patterns=IGNORE,
                    no_obsolete=True,
                    no_wrap=True,
                    add_location="file",
                    verbosity=0,
                )
                normalise(path, old_header, language)
            po = polib.pofile(str(path), wrapwidth=0)
            self.apply_pending(po, path)
            if options["apply"]:
                translations = json.loads(Path(options["apply"]).read_text(encoding="utf-8"))
                written, unknown, refused = self.apply(po, path, translations)
                self.stdout.write(f"{path}: wrote {len(written)} translation(s).")
                for msgid in unknown:
                    self.stderr.write(f"  not in the catalogue: {msgid!r}")
                for problem in refused.values():
                    self.stderr.write(f"  refused (placeholders differ): {problem}")
            failed |= self.report(po, language, options)
        if failed and options["check"]:
            raise CommandError("Some messages are untranslated, fuzzy or have mismatched placeholders.")

    def apply(self, po: polib.POFile, path: Path, translations: dict) -> tuple[list, list, dict]:
        """Write ``{msgid: text}`` into the catalogue; return (written, unknown msgids, refused)."""
        by_msgid = {entry.msgid: entry for entry in po}
        written, unknown, refused = [], [], {}
        for msgid, text in translations.items():
            entry = by_msgid.get(msgid)
            if not text or text == ["", ""]:
                continue  # left blank in the file: still to translate
            if entry is None:
                unknown.append(msgid)
                continue
            previous = (entry.msgstr, dict(entry.msgstr_plural), list(entry.flags))
            if entry.msgid_plural:
                singular, plural = text if isinstance(text, list) else (text, text)
                entry.msgstr_plural = {0: singular, 1: plural}
            else:
                entry.msgstr = text
            problems = placeholder_problems(entry) if not is_untranslated(entry) else [f"{msgid!r}: empty form"]
            if problems:
                entry.msgstr, entry.msgstr_plural, entry.flags = previous
                refused[msgid] = "; ".join(problems)
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            written.append(msgid)
        if written:
            po.metadata["PO-Revision-Date"] = timezone.localtime().strftime("%Y-%m-%d %H:%M%z")
            po.save(str(path))
        return written, unknown, refused

    def apply_pending(self, po: polib.POFile, path: Path):
        """Apply ``locale/<lang>/pending.json``: translations of msgids not extracted yet.

        It holds translations written ahead for strings on branches not merged yet. Once a
        msgid is in the catalogue its translation is applied (unless the catalogue already
        has one) and leaves the file; the file is removed when empty.
        """
        pending_path = path.parent.parent / PENDING
        if not pending_path.exists():
            return
        pending = json.loads(pending_path.read_text(encoding="utf-8"))
        by_msgid = {entry.msgid: entry for entry in po}
        ready = {
            msgid: text
            for msgid, text in pending.items()
            if msgid in by_msgid and (is_untranslated(by_msgid[msgid]) or "fuzzy" in by_msgid[msgid].flags)
        }
        written, _unknown, refused = self.apply(po, path, ready)
        left = {m: t for m, t in pending.items() if m not in by_msgid or m in refused}
        if len(left) == len(pending):
            return
        if left:
            pending_path.write_text(json.dumps(left, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        else:
            pending_path.unlink()
        self.stdout.write(f"{pending_path}: applied {len(written)}, {len(left)} still waiting for their msgids.")

    def report(self, po: polib.POFile, language: str, options) -> bool:
        todo = [e for e in po if not e.obsolete and (is_untranslated(e) or "fuzzy" in e.flags)]
        # A fuzzy entry is only msgmerge's guess (and unused): it is listed with the todo.
        broken = [p for e in po if not e.obsolete and "fuzzy" not in e.flags for p in placeholder_problems(e)]
        self.stdout.write(
            f"{language}: {len(po)} messages, {po.percent_translated()}% translated, "
            f"{len(todo)} to translate or review, {len(broken)} with mismatched placeholders."
        )
        if not options["quiet_list"]:
            for entry in todo:
                files = ", ".join(sorted({file for file, _ in entry.occurrences}))
                mark = "fuzzy" if "fuzzy" in entry.flags else "new"
                self.stdout.write(f"  [{mark}] {entry.msgid!r}  ({files})")
            for problem in broken:
                self.stdout.write(f"  [placeholders] {problem}")
        if options["export"] and todo:
            out = {e.msgid: (["", ""] if e.msgid_plural else "") for e in todo}
            Path(options["export"]).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            self.stdout.write(f"Exported {len(todo)} msgid(s) to {options['export']}.")
        return bool(todo or broken)
