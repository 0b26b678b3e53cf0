"""Glossary words in templates, so every page explains inspection words the same way.

    {% load plain_english %}
    {% term "wsoa" %}               -> <a class="govuk-link" href="/about/glossary/#wsoa">written
                                       statement of action</a>
    {% term "wsoa" "the plan" %}    -> the same link, with your own words
    {% plain "wsoa" %}              -> the one-sentence explanation (escaped)

A slug written as a quoted string is checked when the template is compiled, so a typo
fails as soon as any page using the template loads (and `tests/public/test_about.py`
compiles every template). A slug from a variable is checked when it is rendered. Both
raise TemplateSyntaxError naming the unknown slug.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.html import conditional_escape, format_html

from inspections.glossary import Term, UnknownTerm, get_term, glossary_url

register = template.Library()


def _checked(slug: object) -> Term:
    try:
        return get_term(slug)  # type: ignore[arg-type]
    except UnknownTerm as error:
        raise template.TemplateSyntaxError(str(error)) from error


def _compile_slug(parser: Parser, bit: str) -> FilterExpression:
    expression = parser.compile_filter(bit)
    if isinstance(expression.var, str) and not expression.filters:
        _checked(str(expression.var))  # a literal: check it now
    return expression


class PlainNode(template.Node):
    def __init__(self, slug: FilterExpression) -> None:
        self.slug = slug

    def render(self, context: template.Context) -> str:
        short = _checked(self.slug.resolve(context)).short
        return conditional_escape(short) if context.autoescape else short


class TermNode(template.Node):
    def __init__(self, slug: FilterExpression, text: FilterExpression | None) -> None:
        self.slug, self.text = slug, text

    def render(self, context: template.Context) -> str:
        slug = self.slug.resolve(context)
        term = _checked(slug)
        text = self.text.resolve(context) if self.text is not None else term.term
        return format_html('<a class="govuk-link" href="{}">{}</a>', glossary_url(slug), text)


@register.tag
def plain(parser: Parser, token: Token) -> PlainNode:
    """{% plain "slug" %}: the term's one-sentence explanation."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            f'Use {{% {bits[0]} "slug" %}}, e.g. {{% plain "wsoa" %}}.'
        )
    return PlainNode(_compile_slug(parser, bits[1]))


@register.tag
def term(parser: Parser, token: Token) -> TermNode:
    """{% term "slug" ["link text"] %}: a link to the term in the glossary."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            f'Use {{% {bits[0]} "slug" %}} or {{% {bits[0]} "slug" "link text" %}}.'
        )
    text = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return TermNode(_compile_slug(parser, bits[1]), text)


@register.filter
def finding_text(text: str) -> str:
    """A finding as the report sets it out: paragraphs, and its bullets as a list.

    Findings are stored one paragraph a line, with bullets as lines starting "- ".
    """
    from django.utils.safestring import mark_safe

    parts: list[str] = []
    bullets: list[str] = []

    def close_list() -> None:
        if bullets:
            items = "".join(format_html("<li>{}</li>", b) for b in bullets)
            parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
            bullets.clear()

    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            bullets.append(line[2:])
            continue
        close_list()
        parts.append(format_html('<p class="govuk-body">{}</p>', line))
    close_list()
    return mark_safe("".join(parts))
