"""Errors the letter parser raises. Every message is written for the person uploading."""

from __future__ import annotations


class LetterError(Exception):
    """The document cannot be read as an area SEND letter or report."""

    default_message = "This document could not be read as an area SEND letter or report."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self)


class NotALetterError(LetterError):
    """The text was read, but it is not an Ofsted/CQC area SEND letter or report."""

    default_message = (
        "This does not look like an Ofsted/CQC area SEND letter or report: no title such as "
        "'Joint area SEND inspection in …', 'Joint area SEND revisit in …' or "
        "'Area SEND inspection of … Local Area Partnership' was found."
    )


class UnreadablePdfError(LetterError):
    """The file is not a PDF whose text can be extracted."""

    default_message = "This PDF could not be read."
