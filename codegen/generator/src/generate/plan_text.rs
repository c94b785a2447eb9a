//! A compact text rendering of the planned model, one line per decision (operation, parameter,
//! request body, reply, pagination), so that a reviewer sees decisions change apart from
//! printing (`Crate::plan`, snapshotted per fixture).

use std::fmt::Write as _;

use quote::ToTokens;

use super::ir::{BodyKind, Location, Media, Operation, PartKind, QueryArray};
use super::pagination::PagePlan;
use super::plan::{BodyType, MethodPlan, OperationTypes, PathValue};

/// A type as one line of text (for the plan text and for docs that name a type).
pub(super) fn shown(ty: &impl ToTokens) -> String {
    let text = ty.to_token_stream().to_string();
    [(" :: ", "::"), (":: ", "::"), (" <", "<"), ("< ", "<"), (" >", ">"), ("& ", "&"), (" ,", ",")]
        .iter()
        .fold(text, |text, (from, to)| text.replace(from, to))
}

/// The lines of one operation: its method, each parameter, body and reply, and its mock stub
/// (`mock_method` on the mock server).
pub fn operation(
    out: &mut String,
    op: &Operation,
    types: &OperationTypes,
    plan: &MethodPlan,
    mock_method: &syn::Ident,
    feature: &str,
) {
    let signature = &plan.signature;
    let args: Vec<String> = signature.args.iter().map(|arg| format!("{}: {}", arg.ident, shown(&arg.ty))).collect();
    let _ = writeln!(
        out,
        "{} {} {} (operationId `{}`, feature `{feature}`): fn {}({}) -> {} / {}",
        op.pointer,
        op.http_method,
        op.path,
        op.id,
        signature.ident,
        args.join(", "),
        shown(&signature.ok),
        shown(&signature.error),
    );
    for (param, resolved) in op.params.iter().zip(&types.params) {
        let location = match param.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        };
        let required = if param.required { "required" } else { "optional" };
        let mut how = Vec::new();
        match resolved.array {
            Some(QueryArray::Repeat) => how.push("array repeated".to_owned()),
            Some(QueryArray::Join(separator)) => how.push(format!("array joined by {:?}", separator.as_str())),
            None => {}
        }
        if param.location == Location::Path {
            how.push(match &resolved.path {
                PathValue::Text => "taken as &str".to_owned(),
                PathValue::Joined(item) => format!("taken as &[{}], joined by \",\"", shown(item)),
                PathValue::Display => "written with Display".to_owned(),
            });
        }
        if param.flatten {
            how.push("flattened".to_owned());
        }
        if param.json {
            how.push("sent as JSON text".to_owned());
        }
        let how = if how.is_empty() { String::new() } else { format!(" ({})", how.join(", ")) };
        let _ = writeln!(out, "  {location} `{}` {required}: {}{how}", param.name, shown(&resolved.ty));
    }
    for (body, ty) in op.bodies.iter().zip(&types.bodies) {
        let kind = match (&body.kind, ty) {
            (BodyKind::Json { .. }, BodyType::Typed(ty)) => format!("json {}", shown(ty)),
            (BodyKind::Form { .. }, BodyType::Typed(ty)) => format!("form {}", shown(ty)),
            (BodyKind::Multipart { parts }, BodyType::Parts(types)) => {
                let parts: Vec<String> = parts
                    .iter()
                    .zip(types)
                    .map(|(part, ty)| match (part.kind, ty) {
                        (PartKind::File, _) => format!("{}: file", part.name),
                        (PartKind::Files, _) => format!("{}: files", part.name),
                        (PartKind::Value, Some(ty)) => format!("{}: {}", part.name, shown(ty)),
                        (PartKind::Value, None) => format!("{}: value", part.name),
                    })
                    .collect();
                format!("multipart [{}]", parts.join(", "))
            }
            (BodyKind::MultipartAny, _) => "multipart (any form)".to_owned(),
            (BodyKind::Raw { content_type: Some(media) }, _) => format!("raw as {media}"),
            (BodyKind::Raw { content_type: None }, _) => "raw, content type given by the caller".to_owned(),
            _ => "unmatched".to_owned(),
        };
        let required = if body.required { "required" } else { "optional" };
        let _ = writeln!(out, "  body `{}` {required}: {kind}", body.media_type);
    }
    for (reply, ty) in op.success.iter().zip(&types.success).chain(op.errors.iter().zip(&types.errors)) {
        let media = match reply.media {
            Media::Empty => "empty",
            Media::Json => "json",
            Media::Text => "text",
            Media::Bytes => "bytes",
        };
        let ty = ty.as_ref().map_or_else(|| "()".to_owned(), shown);
        let _ = writeln!(out, "  reply {} {media}: {ty}", reply.status);
    }
    let setters: Vec<String> = plan.mock_path.iter().map(ToString::to_string).collect();
    let pages = match plan.mock_pages.and_then(|index| op.success.get(index)) {
        Some(reply) => format!(", pages served with {}", reply.status),
        None => String::new(),
    };
    let _ = writeln!(out, "  mock: MockServer::{mock_method}, path setters [{}]{pages}", setters.join(", "));
}

/// The line of each operation not generated.
pub fn skipped(out: &mut String, skipped: &[crate::Skipped]) {
    for op in skipped {
        let _ = writeln!(
            out,
            "{} {} {} (operationId `{}`): not generated",
            op.problem.pointer, op.http_method, op.path, op.id
        );
    }
}

/// The line of a paginated operation's streams.
pub fn paging(out: &mut String, plan: &PagePlan<'_>) {
    let _ = writeln!(out, "{}", plan.describe(&shown));
}

/// The lines of the `webhooks` module: the discriminant, then one line per webhook (its
/// pointer, `WebhookEvent` variant, discriminant value and payload type).
pub fn webhooks(out: &mut String, plan: &super::webhook_plan::WebhookPlan) {
    match &plan.discriminant {
        Some(d) if d.pinned => {
            let _ = writeln!(
                out,
                "webhooks (feature `webhooks`): WebhookEvent by property `{}` (pinned by each payload)",
                d.property
            );
        }
        Some(d) => {
            let _ = writeln!(
                out,
                "webhooks (feature `webhooks`): WebhookEvent by property `{}` (the webhooks' names)",
                d.property
            );
        }
        None => {
            let _ = writeln!(out, "webhooks (feature `webhooks`): no discriminant, parse_as only");
        }
    }
    if let Some(d) = plan.discriminant.as_ref().filter(|d| !d.fallbacks.is_empty()) {
        let _ = writeln!(out, "  name fallbacks: {}", d.fallbacks.join(", "));
    }
    if plan.batched {
        let _ = writeln!(out, "  deliveries: JSON arrays of events (parse_all)");
    }
    if let Some(names) = &plan.names {
        let _ = writeln!(out, "  EventName: {} names from {}#{}", names.names.len(), names.file, names.pointer);
    }
    if let Some(fields) = &plan.fields {
        let id = fields.id.as_deref().map(|p| format!(" id() from `{p}`")).unwrap_or_default();
        let at = fields
            .occurred_at
            .as_ref()
            .map(|(p, unit)| format!(" occurred_at() from `{p}` ({unit:?})"))
            .unwrap_or_default();
        let _ = writeln!(out, " {id}{at}");
    }
    match &plan.signature {
        Some(super::webhook_plan::SignaturePlan::Hmac(hmac)) => {
            let _ = writeln!(out, "  Verifier: HMAC in header `{}`", hmac.header);
        }
        Some(super::webhook_plan::SignaturePlan::Jwt(jwt)) => {
            let _ = writeln!(
                out,
                "  Verifier: RS256 JWT in header `{}`, built with {}",
                jwt.settings.header,
                jwt.params.join(", ")
            );
        }
        None => {}
    }
    for event in &plan.events {
        let value = event.value.as_deref().map(|v| format!(" = {v:?}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} webhook `{}`: {}{value} -> {}",
            event.pointer,
            event.name,
            event.variant,
            shown(&event.ty)
        );
    }
}
