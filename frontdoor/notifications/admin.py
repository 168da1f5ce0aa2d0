"""Sent and queued messages (read-only: the outbox is a record), and the message templates."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from frontdoor.core.plain_english import PlainEnglishReport, check

from .models import Message, Template
from .templating import EVENTS, PLACEHOLDERS, render, sample_values, sms_fragments


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = [
        "created_at",
        "event",
        "channel",
        "state",
        "provider_status",
        "attempts",
        "case",
    ]
    list_filter = ["state", "channel", "event", "provider"]
    search_fields = ["case__reference", "provider_id"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TemplateForm(forms.ModelForm[Template]):
    event = forms.ChoiceField(
        choices=[(code, f"{code}: {e.description}") for code, e in EVENTS.items()]
    )

    class Meta:
        model = Template
        fields = ["event", "channel", "subject", "body"]


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin[Template]):
    form = TemplateForm
    list_display = ["event", "channel", "subject", "updated_at"]
    list_filter = ["channel", "event"]
    readonly_fields = ["placeholders", "preview", "plain_english"]
    fields = ["event", "channel", "subject", "body", "placeholders", "preview", "plain_english"]

    @admin.display(description="Plain English")
    def plain_english(self, obj: Template | None) -> str:
        if obj is None or not obj.pk:
            return "Save the template to see how plain its words are."
        report = _report(obj)
        advice = format_html_join(
            "", "<li>{}</li>", ((line,) for line in _advice(report))
        ) or format_html("<li>{}</li>", "Nothing to change.")
        return format_html(
            "<p><strong>{}</strong>: reading ease {} (60 or more is plain), reading age {}.</p>"
            "<ul>{}</ul>",
            report.verdict,
            report.reading_ease,
            report.reading_age,
            advice,
        )

    def save_model(self, request: HttpRequest, obj: Template, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        report = _report(obj)
        if not report.is_plain:
            # Advice, not a refusal: an officer may keep a word the law requires.
            messages.warning(
                request,
                f"Plain English: {report.verdict.lower()} (reading ease {report.reading_ease}). "
                + " ".join(_advice(report)),
            )

    @admin.display(description="Placeholders you can use")
    def placeholders(self, obj: Template | None) -> str:
        return format_html_join(
            "",
            "<p><code>(({}))</code> {}: {}</p>",
            ((p.name, p.kind, p.description) for p in PLACEHOLDERS.values()),
        )

    @admin.display(description="Preview with sample details")
    def preview(self, obj: Template | None) -> str:
        if obj is None or not obj.pk:
            return "Save the template to see a preview."
        values = sample_values()
        subject, body = render(obj.subject, values), render(obj.body, values)
        extra = ""
        if obj.channel == Message.Channel.SMS:
            extra = f"{sms_fragments(body)} text message fragment(s)"
        return format_html(
            "<p><strong>{}</strong></p><pre style='white-space: pre-wrap'>{}</pre><p>{}</p>",
            subject,
            body,
            extra,
        )


def _report(template: Template) -> PlainEnglishReport:
    return check(f"{template.subject}\n\n{template.body}".strip())


def _advice(report: PlainEnglishReport) -> list[str]:
    lines = [f"Say “{s.plainer}” for “{s.found}”." for s in report.suggestions]
    lines += [
        f"Split this sentence of more than 25 words: “{sentence[:80]}…”"
        for sentence in report.long_sentences
    ]
    return lines
