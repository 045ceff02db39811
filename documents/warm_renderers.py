"""What every dossier render worker needs, loaded once by the workers' fork server.

``documents.dossier`` starts its render workers from a ``forkserver`` where the platform has
one (Linux, macOS): a fresh interpreter that imports this module, then forks each worker,
which inherits ReportLab, python-docx, the renderers, the letters and the registered fonts
instead of importing and parsing them again (~0.5 s of CPU per worker, docs/benchmarks.md).
Importing this module registers the PDF fonts and reads the four faces: that is its purpose.
"""

from __future__ import annotations

import documents.dossier  # noqa: F401 - the jobs' functions, unpickled by name
import documents.letters.output  # noqa: F401
import documents.render_docx  # noqa: F401
import documents.render_pdf  # noqa: F401
from documents import fonts

try:
    import documents.letters  # noqa: F401 - unpickling a ComposedLetter needs it
except ImportError:  # pragma: no cover - the letters package is part of the application
    pass

fonts.register_pdf_fonts(parse=True)
