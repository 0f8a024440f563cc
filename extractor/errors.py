"""Why a file could not be extracted. Each error names the file and the reason in one line."""
from __future__ import annotations


class ExtractionError(Exception):
    """A file that cannot be ingested; ``reason`` is short and meant for the user."""

    hint = ""

    def __init__(self, file: str, reason: str) -> None:
        self.file, self.reason = file, reason
        super().__init__(f"{file}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross from the parsing process to the parent: rebuild them without
        # calling the subclass's own __init__, whose arguments differ.
        return (_restore, (type(self), self.file, self.reason, dict(self.__dict__)))


def _restore(cls: type[ExtractionError], file: str, reason: str, state: dict[str, object]) -> ExtractionError:
    error = cls.__new__(cls)
    ExtractionError.__init__(error, file, reason)
    error.__dict__.update(state)
    return error


class FileMissing(ExtractionError):
    hint = "check the path"

    def __init__(self, file: str) -> None:
        super().__init__(file, "no such file")


class EmptyFile(ExtractionError):
    hint = "the file has no bytes; download it again"

    def __init__(self, file: str) -> None:
        super().__init__(file, "empty file (0 bytes)")


class NotAPDF(ExtractionError):
    hint = "only PDF files can be ingested"

    def __init__(self, file: str, found: str) -> None:
        self.found = found
        super().__init__(file, f"not a PDF (starts with {found})")


class EncryptedPDF(ExtractionError):
    hint = "decrypt it first (e.g. qpdf --decrypt --password=... in.pdf out.pdf)"

    def __init__(self, file: str) -> None:
        super().__init__(file, "encrypted PDF: a password is needed to read it")


class CorruptPDF(ExtractionError):
    hint = "the file is damaged or truncated; download it again or repair it (e.g. qpdf in.pdf out.pdf)"

    def __init__(self, file: str, detail: str) -> None:
        self.detail = detail
        super().__init__(file, f"corrupt PDF ({detail})")


class NoTextLayer(ExtractionError):
    hint = "the pages are images (a scan?); run OCR on it first (e.g. ocrmypdf in.pdf out.pdf)"

    def __init__(self, file: str, n_pages: int) -> None:
        self.n_pages = n_pages
        super().__init__(file, f"no text layer on any of its {n_pages} page(s) (scanned?)")


class ParseTimeout(ExtractionError):
    hint = "the file takes too long to parse; raise --timeout to give it more time"

    def __init__(self, file: str, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(file, f"timeout: not parsed within {seconds:g}s")


class TooMuchMemory(ExtractionError):
    hint = "the file needs more memory than allowed (a decompression bomb?); raise --memory to allow more"

    def __init__(self, file: str, limit: int) -> None:
        self.limit = limit
        super().__init__(file, f"memory: parsing needed more than {limit / 1024**3:.2g} GiB")


class ParserError(ExtractionError):
    hint = "the PDF parser failed on this file; please report it"

    def __init__(self, file: str, detail: str) -> None:
        self.detail = detail
        super().__init__(file, f"parser error: {detail}")


class ParserCrashed(ExtractionError):
    hint = "the PDF parser crashed on this file; please report it"

    def __init__(self, file: str, detail: str) -> None:
        self.detail = detail
        super().__init__(file, f"parser crashed: {detail}")


def out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` or what it wraps is a failure to allocate memory (pdfminer wraps
    zlib's "Unable to allocate output buffer" in its own exception)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, MemoryError) or "unable to allocate" in str(e).lower():
            return True
        todo.extend([e.__cause__, e.__context__, *e.args])
    return False
