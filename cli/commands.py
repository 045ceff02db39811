"""The headless commands of main.py: status, list, import, export, dossier, bilan,
export-anonyme, calendrier.

No Qt here (tests/test_layering.py). ``main.py`` imports this module only when a command or
``--help`` is asked for, so that the desktop application starts without building the parser
(bench/startup.py).
"""


from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

logger = logging.getLogger("recours_telecom")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """An expected failure of a headless command, with a French message for the user."""


def _clean(text: str) -> str:
    """User text as the terminal may show it: control characters (terminal escape codes
    included) and lone surrogates removed (dispute.control_chars.clean_text)."""
    from dispute.control_chars import clean_text

    return clean_text(text)


def _say(text: str = "", *, file=None) -> None:
    """Print ``text`` after cleaning it: a name holding ``\\x1b[…`` or a lone surrogate
    (an old case, a hand-made file) is shown harmlessly instead of driving the terminal or
    crashing the command."""
    print(_clean(text), file=file or sys.stdout)


def _say_lines(lines: list[str]) -> None:
    """Print ``lines``, each cleaned as :func:`_say` cleans it, in one write: printed one by
    one, 10,000 lines cost two system calls each when the output is unbuffered
    (``PYTHONUNBUFFERED``, ``python -u``) and a cleaning pass each (docs/benchmarks.md)."""
    from dispute.control_chars import needs_cleaning

    text = "\n".join(lines)
    if needs_cleaning(text):  # rare: line by line, exactly as _say would have printed them
        text = "\n".join(map(_clean, lines))
    sys.stdout.write(text + "\n")


def _clean_json(value):
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return {_clean(str(k)): _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    return value




def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date invalide « {text} » : format attendu AAAA-MM-JJ"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recours-telecom",
        description="Recours Télécom : litiges télécoms, délais, courriers et dossiers.",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="dossier des données (par défaut : variable RECOURS_TELECOM_DATA, "
             "sinon le dossier de données de l'utilisateur)",
    )
    parser.add_argument("--shared", action="store_true",
                        help="ouvre le dossier de données en mode partagé (plusieurs postes sur "
                             "un dossier réseau) ; le dossier le retient ensuite "
                             "(voir docs/store.md)")
    parser.add_argument("--smoke", action="store_true",
                        help="démarre, affiche la fenêtre principale puis quitte (vérification)")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé sur stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")

    status = sub.add_parser("status", help="état de la procédure d'un dossier")
    status.add_argument("case", metavar="DOSSIER", help="fichier de dossier ou identifiant")
    status.add_argument("--today", type=_iso_date, default=None,
                        help="date du jour à utiliser (AAAA-MM-JJ), pour des résultats reproductibles")
    status.add_argument("--json", action="store_true", help="sortie JSON (voir docs/status-json.md)")

    listing = sub.add_parser("list", help="liste des dossiers du magasin")
    listing.add_argument("--json", action="store_true", help="sortie JSON")

    imp = sub.add_parser("import", help="importe un fichier de dossier dans le magasin")
    imp.add_argument("path", type=Path, metavar="CHEMIN")

    dossier = sub.add_parser("dossier", help="assemble le dossier zippé (courriers, chronologie, "
                                          "bordereau, pièces)")
    dossier.add_argument("case", metavar="DOSSIER", help="fichier de dossier ou identifiant")
    dossier.add_argument("--out", type=Path, required=True, metavar="CHEMIN.zip")
    dossier.add_argument("--today", type=_iso_date, default=None,
                         help="date du jour à utiliser (AAAA-MM-JJ)")
    dossier.add_argument("--target", choices=("mediator", "cpme", "complete"), default=None,
                         help="destinataire : médiateur, CPME ou complet (par défaut : CPME pour "
                              "une entreprise, médiateur pour un particulier)")
    dossier.add_argument("--email", action="store_true",
                         help="écrit aussi le brouillon de courriel pour la CPME (.eml)")

    exp = sub.add_parser("export", help="exporte un dossier et ses pièces")
    exp.add_argument("case", metavar="DOSSIER", help="identifiant du dossier (ou préfixe unique)")
    exp.add_argument("--out", type=Path, required=True, metavar="DOSSIER_DE_SORTIE")

    bilan = sub.add_parser("bilan", help="bilan d'activité d'une période (PDF, XLSX ou CSV "
                                         "selon l'extension ; docs/outcomes.md)")
    _period_options(bilan)
    bilan.add_argument("--out", type=Path, required=True, action="append",
                       metavar="CHEMIN.pdf|.xlsx|.csv", help="fichier à écrire (répétable)")

    anon = sub.add_parser("export-anonyme", help="export anonymisé pour une fédération (CSV, "
                                                 "un dossier par ligne ; docs/outcomes.md)")
    _period_options(anon)
    anon.add_argument("--out", type=Path, required=True, metavar="CHEMIN.csv")

    ics = sub.add_parser("calendrier", help="échéances au format iCalendar (.ics) : d'un "
                                            "dossier, ou de tous les dossiers en cours")
    ics.add_argument("case", metavar="DOSSIER", nargs="?", default=None,
                     help="fichier de dossier ou identifiant (par défaut : tous les dossiers "
                          "en cours)")
    ics.add_argument("--out", type=Path, required=True, metavar="CHEMIN.ics")
    ics.add_argument("--today", type=_iso_date, default=None,
                     help="date du jour à utiliser (AAAA-MM-JJ)")
    return parser


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=_iso_date, required=True,
                        metavar="AAAA-MM-JJ", help="premier jour de la période")
    parser.add_argument("--to", dest="end", type=_iso_date, required=True,
                        metavar="AAAA-MM-JJ", help="dernier jour de la période")
    parser.add_argument("--operator", default=None,
                        help="opérateur (identifiant de l'annuaire, ex. « orange », ou nom)")
    parser.add_argument("--kind", choices=("private", "business"), default=None,
                        help="type d'abonné : particulier ou entreprise")
    parser.add_argument("--nature", default=None,
                        help="nature du litige (billing, outage, line_overwritten…)")
    parser.add_argument("--structure", default=None,
                        help="structure d'accompagnement (nom ; chaîne vide : sans structure)")
    parser.add_argument("--ht", action="store_true",
                        help="montants hors taxes (par défaut : TTC)")
    parser.add_argument("--today", type=_iso_date, default=None,
                        help="date du jour à utiliser (AAAA-MM-JJ) pour les échéances dépassées")


# --- headless commands ------------------------------------------------------------------------


def _open_store(args: argparse.Namespace, *, read_only: bool = False):
    """The store of ``--data-dir``. ``read_only``: opened without its lock and without
    writing anything (``CaseStore.open_read_only``), so that a command that only reads works
    while the application has the folder open; what that reading found and did not write
    (an index out of date read from the case files…) is said on stderr."""
    from dispute.case_list import list_summary
    from store.paths import resolve_data_dir
    from store.store import CaseStore

    if read_only and not getattr(args, "shared", False):  # --shared records it: a write
        store = CaseStore.open_read_only(resolve_data_dir(args.data_dir),
                                         summarizer=list_summary)
        for note in store.notes:
            _say(f"Lecture seule : {note}", file=sys.stderr)
        return store
    return CaseStore.open(resolve_data_dir(args.data_dir), summarizer=list_summary,
                          shared=True if getattr(args, "shared", False) else None)


def _find_case_id(store, text: str) -> str:
    ids = [s.id for s in store.list_cases()]
    if text in ids:
        return text
    matches = [i for i in ids if i.startswith(text)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CommandError(f"Aucun dossier « {text} » : ni fichier, ni identifiant connu.")
    raise CommandError(
        f"L'identifiant « {text} » est ambigu ({len(matches)} dossiers) : précisez-le."
    )


def _looks_like_file(text: str) -> bool:
    return Path(text).exists() or text.endswith((".json", ".zip")) or "/" in text or "\\" in text


def _load_case(args: argparse.Namespace):
    """The case, and the problems of its exhibit files (checked whenever a case is opened)."""
    if _looks_like_file(args.case):
        from store.casefile import read_case_file

        with read_case_file(Path(args.case)) as case_file:  # checks every exhibit's hash
            return case_file.case, []
    with _open_store(args, read_only=True) as store:
        case = store.load_case(_find_case_id(store, args.case))
        return case, store.verify_exhibits(case)


def _print_json(data) -> None:
    """JSON on stdout, UTF-8, every text cleaned (``_clean``). A lone surrogate that
    slipped through would become « ? » rather than stop the output half-way."""
    text = json.dumps(_clean_json(data), ensure_ascii=False, indent=2)
    sys.stdout.write(text.encode("utf-8", "replace").decode("utf-8") + "\n")


def cmd_status(args: argparse.Namespace) -> int:
    from dispute.outcome import outcome_text, outcome_to_dict
    from dispute.procedure import assess, assessment_to_dict, format_assessment_text

    case, problems = _load_case(args)
    today = args.today or date.today()
    assessment = assess(case, today)
    if args.json:
        data = assessment_to_dict(assessment)
        data["exhibit_problems"] = [
            {"exhibit_id": p.exhibit_id, "number": p.number, "kind": p.kind, "message": p.message}
            for p in problems
        ]
        data["outcome"] = outcome_to_dict(case)  # docs/status-json.md, « Outcome »
        _print_json(data)
    else:
        from documents.chronology import human_sources

        _say(human_sources(format_assessment_text(assessment)))  # no « seeds/001 » (n° 29)
        if case.outcome is not None:
            when = "Issue" if case.status.value != "open" else "Issue avant réouverture"
            _say(f"{when} : {outcome_text(case.outcome)}")
        for problem in problems:
            _say(f"Pièce en défaut : {problem.message}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from dispute.case_list import next_deadline

    today = date.today()
    with _open_store(args, read_only=True) as store:
        summaries = store.list_cases()
    summaries.sort(key=lambda s: (s.subscriber_name.casefold(), s.id))
    if args.json:
        rows = [
            {"id": s.id, "subscriber": s.subscriber_name, "operator": s.operator_name,
             "lines": list(s.line_numbers),
             "status": s.status.value if s.status else None,
             "updated_at": s.updated_at.isoformat() if s.updated_at else None,
             "revision": s.revision, "problem": s.problem or None,
             "stage": s.extra.get("stage"),
             "next_deadline": _deadline_json(next_deadline(s.extra, today))}
            for s in summaries
        ]
        _print_json(rows)
        return EXIT_OK
    if not summaries:
        _say("Aucun dossier.")
        return EXIT_OK
    out = []
    for s in summaries:
        lines = ", ".join(s.line_numbers) or "—"
        problem = s.problem
        problem = f"  ·  ILLISIBLE : {problem}" if problem else ""
        extra = s.extra
        stage = extra.get("stage_label", "")
        deadline = next_deadline(extra, today)
        due = f"  ·  {deadline.label} : {deadline.date:%d/%m/%Y}" if deadline else ""
        out.append(f"{s.id}  {s.subscriber_name or '(sans nom)'}  ·  {s.operator_name or '—'}"
                   f"  ·  {lines}  ·  {stage}{due}{problem}")
    out.append(f"{len(summaries)} dossier(s).")
    _say_lines(out)
    return EXIT_OK


def _deadline_json(deadline) -> dict | None:
    if deadline is None:
        return None
    return {"id": deadline.id, "label": deadline.label, "date": deadline.date.isoformat()}


def cmd_import(args: argparse.Namespace) -> int:
    from store.casefile import read_case_file

    with _open_store(args) as store, read_case_file(args.path) as case_file:
        case = store.import_case(case_file.case, case_file.sources)
    _say(f"Dossier importé : {case.id} ({case.subscriber.name or 'sans nom'}, "
         f"{len(case.exhibits)} pièce(s)).")
    if case_file.cleaned_texts:
        _say(f"  {case_file.cleaned_texts} texte(s) contenaient des caractères de contrôle ou "
             "invalides : ils ont été retirés.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from store.casefile import export_case

    with _open_store(args, read_only=True) as store:
        out = export_case(store, _find_case_id(store, args.case), args.out)
    _say(f"Dossier exporté dans {out}")
    return EXIT_OK


def _letter_settings(store):
    from documents.letter_settings import LetterSettings

    if store is None:
        return LetterSettings()
    try:
        return LetterSettings.from_dict(store.read_settings().get("letters"))
    except Exception as exc:  # noqa: BLE001 - unreadable settings: defaults, and say so
        logger.warning("Paramètres illisibles, valeurs par défaut utilisées : %s", exc)
        return LetterSettings()


def _build_dossier(args: argparse.Namespace, case, exhibit_paths, settings) -> int:
    from documents.dossier import build_dossier

    today = args.today or date.today()
    target = args.target or ("cpme" if case.is_business else "mediator")
    out = args.out if args.out.suffix.lower() == ".zip" else args.out.with_suffix(".zip")
    # One process and no other thread here: a small dossier's chronology and index may be
    # rendered by a forked child while this process lays the letters out (docs/dossier.md).
    result = build_dossier(case, exhibit_paths, out, today=today, target=target,
                           settings=settings, render_child=True)
    _say(f"Dossier créé : {result.path} ({result.zip_size / 1_048_576:.1f} Mo, "
         f"{len(result.letters)} fichier(s) de courrier, {len(result.exhibits)} pièce(s)).")
    # what the recipient needs, as the export dialog lists it (each missing item with what
    # to do), then the other points, one line per fact (documents.dossier_warnings)
    from documents.dossier_checklist import checklist_notes, checklist_report

    for line in checklist_report(result.checklist):
        _say(f"  {line}")
    listed = {note.text for note in checklist_notes(result.checklist)}
    for warning in result.warnings:
        if warning not in listed:
            _say(f"  Attention : {warning}")
    if args.email:
        from documents.email_draft import write_cpme_email_draft

        draft = write_cpme_email_draft(case, result.path.with_suffix(".eml"),
                                       attachment=result.path, today=today)
        _say(f"Brouillon de courriel : {draft.path}")
        for warning in draft.warnings:
            _say(f"  Attention : {warning}")
    return EXIT_OK


def cmd_dossier(args: argparse.Namespace) -> int:
    if _looks_like_file(args.case):
        from store.casefile import read_case_file

        with read_case_file(Path(args.case)) as case_file:
            return _build_dossier(args, case_file.case, case_file.sources, _letter_settings(None))
    with _open_store(args, read_only=True) as store:
        case = store.load_case(_find_case_id(store, args.case))
        paths = {x.id: store.exhibit_path(case.id, x) for x in case.exhibits}
        return _build_dossier(args, case, paths, _letter_settings(store))


def _bilan(args: argparse.Namespace):
    """The Bilan the period options ask for, from the store's cached summaries."""
    from dispute.bilan import BilanError, BilanFilter, Period, build_bilan, fold, operator_key
    from dispute.model import DisputeNature, SubscriberKind, TaxBasis

    try:
        period = Period(args.start, args.end)
        nature = DisputeNature(args.nature) if args.nature else None
    except BilanError as exc:
        raise CommandError(str(exc)) from None
    except ValueError:
        raise CommandError(f"Nature inconnue « {args.nature} » : "
                           f"{', '.join(n.value for n in DisputeNature)}.") from None
    with _open_store(args, read_only=True) as store:
        summaries = store.list_cases()
    operator = None
    if args.operator is not None:
        from dispute.bilan import filter_choices

        wanted = fold(args.operator)
        known = filter_choices(summaries).operators
        operator = next((key for key, name in known if wanted in (key, fold(name))),
                        operator_key("", args.operator))
    filters = BilanFilter(operator=operator,
                          kind=SubscriberKind(args.kind) if args.kind else None,
                          nature=nature, structure=args.structure)
    return build_bilan(summaries, period, filters, TaxBasis.HT if args.ht else TaxBasis.TTC,
                       args.today or date.today())


def cmd_bilan(args: argparse.Namespace) -> int:
    from documents.bilan_files import bilan_csv_bytes, bilan_pdf_bytes, bilan_xlsx_bytes
    from documents.outputs import write_atomic

    writers = {".pdf": bilan_pdf_bytes, ".xlsx": bilan_xlsx_bytes, ".csv": bilan_csv_bytes}
    for out in args.out:
        if out.suffix.lower() not in writers:
            raise CommandError(f"Extension inconnue pour « {out} » : .pdf, .xlsx ou .csv.")
    bilan = _bilan(args)
    for out in args.out:
        write_atomic(out, writers[out.suffix.lower()](bilan))
        _say(f"Bilan écrit : {out}")
    _say(f"{bilan.in_scope} dossier(s) suivi(s), {bilan.opened} ouvert(s), {bilan.closed} "
         f"clos, {bilan.open_at_end} en cours en fin de période.")
    if bilan.skipped:
        _say(f"  Attention : {bilan.skipped} dossier(s) illisible(s) ou à recalculer, non "
             "comptés.")
    return EXIT_OK


def cmd_anonymised(args: argparse.Namespace) -> int:
    from dispute.anonymised import HEADER, anonymised_rows
    from documents.bilan_files import rows_csv_bytes
    from documents.outputs import write_atomic

    bilan = _bilan(args)
    write_atomic(args.out, rows_csv_bytes(HEADER, anonymised_rows(bilan)))
    _say(f"Export anonymisé écrit : {args.out} ({len(bilan.cases)} dossier(s)).")
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from documents.calendar_ics import case_calendar_bytes, store_calendar_bytes
    from documents.outputs import write_atomic

    today = args.today or date.today()
    warnings: list[str] = []
    if args.case is not None:
        case, _ = _load_case(args)
        data = case_calendar_bytes(case, today)
    else:
        with _open_store(args, read_only=True) as store:
            data, warnings = store_calendar_bytes(store, today)
    write_atomic(args.out, data)
    _say(f"Calendrier écrit : {args.out}")
    for warning in warnings:
        _say(f"  Attention : {warning}")
    return EXIT_OK


COMMANDS = {"status": cmd_status, "list": cmd_list, "import": cmd_import, "export": cmd_export,
            "dossier": cmd_dossier, "bilan": cmd_bilan, "export-anonyme": cmd_anonymised,
            "calendrier": cmd_calendar}


def _user_message(exc: BaseException) -> str | None:
    """The French message of an expected failure, or None for a bug."""
    if isinstance(exc, CommandError):
        return str(exc)
    expected = []
    try:
        from store.errors import StoreError

        expected.append(StoreError)
    except ImportError:  # pragma: no cover - store always present
        pass
    try:
        from store.casefile import CaseFileError

        expected.append(CaseFileError)
    except ImportError:  # pragma: no cover
        pass
    for module, name in (("documents.dossier_zip", "DossierZipError"),
                         ("documents.email_draft", "EmailDraftError"),
                         ("documents.outputs", "OutputError")):
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None:
            expected.append(cls)
    if expected and isinstance(exc, tuple(expected)):
        message = getattr(exc, "message", None) or str(exc)
        from store.errors import StoreLockedError

        if isinstance(exc, StoreLockedError):  # only a command that writes gets here
            message += (" Les commandes qui ne font que lire (list, status, calendrier, "
                        "dossier, export, bilan, export-anonyme) restent possibles.")
        return message
    return None


class _NoTracebackFormatter(logging.Formatter):
    """Warnings logged by the modules (a damaged index shard repaired, an unreadable case
    listed) reach stderr as one line: a traceback is for the log file or ``--verbose``."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's API
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = ""
        return _clean(super().format(record)).rstrip()


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    fmt = "%(levelname)s %(name)s: %(message)s"
    handler.setFormatter(logging.Formatter(fmt) if verbose else _NoTracebackFormatter(fmt))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        handlers=[handler])


def _reconfigure_output() -> None:
    """Whatever slips through cleaning (and a terminal that cannot show « é ») is replaced
    by « ? » rather than ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):  # pytest's capture, a closed stream
            pass


def run_headless(args: argparse.Namespace) -> int:
    _setup_logging(args.verbose)
    _reconfigure_output()
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the edge where failures become messages
        message = _user_message(exc)
        if message is None and isinstance(exc, OSError):
            from store.errors import french_os_error

            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            logger.debug("System error", exc_info=True)
            message = (f"opération impossible : {french_os_error(exc)}{where}. "
                       "Rien n'a été modifié dans le stockage.")
        if message is None:
            logger.error("Erreur inattendue", exc_info=True)
            _say(f"Erreur inattendue : {exc} (relancez avec --verbose pour le détail "
                 "technique)", file=sys.stderr)
            return EXIT_FAILURE
        _say(f"Erreur : {message}", file=sys.stderr)
        return EXIT_FAILURE
