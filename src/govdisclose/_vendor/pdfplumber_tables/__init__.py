"""pdfplumber 0.11.10's table finder and text utilities, without its PDF reading (MIT, LICENSE.txt).

The pdfium engine (``sources/pdfium_page``) hands these its own object dicts; importing them from
pdfplumber itself would load pdfplumber's package, and with it pdfminer, about 0.1 s of every
``govdisclose parse`` run. The files are pdfplumber's, byte for byte (a test compares them with the
installed pdfplumber of the same version), except ``utils/__init__.py``: its ``pdfinternals``
import (pdfminer object helpers, unused here) is left out. To update: copy the same files of the
new version, keep that one change, and run the engine comparison tests.
"""

VERSION = "0.11.10"
# The files copied from pdfplumber unchanged (paths inside its package).
UNCHANGED = ("_typing.py", "table.py", "utils/clustering.py", "utils/generic.py", "utils/geometry.py",
             "utils/text.py")
