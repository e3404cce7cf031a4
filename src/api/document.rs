//! What the OpenAPI document says once for every operation, so that it
//! stays true as routes are added: the errors any request can meet before
//! its handler runs (a malformed parameter or body, credentials that are
//! not valid, a body too large or not JSON, a server at its limits), and
//! the one list of time zone names every `timezone` field and parameter
//! accepts. `tests/openapi_fuzz.rs` checks the result against the server.

use std::collections::BTreeSet;

use utoipa::openapi::path::{Operation, Parameter};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{Object, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr};

/// The component every `timezone` refers to.
const TIME_ZONE: &str = "TimeZone";
/// Schemas whose `timezone` may also be empty, meaning UTC.
const EMPTY_MEANS_UTC: &[&str] = &["ProfileChange", "AccountView"];

/// Adds the common answers to every operation and the time zone list.
pub fn complete(openapi: &mut OpenApi) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            common_answers(path, operation);
            if let Some(parameters) = &mut operation.parameters {
                parameters.iter_mut().for_each(zone_parameter);
            }
        }
    }
    let components = openapi.components.get_or_insert_with(Default::default);
    for (name, schema) in components.schemas.iter_mut() {
        if let RefOr::T(Schema::Object(object)) = schema {
            zone_property(object, EMPTY_MEANS_UTC.contains(&name.as_str()));
        }
    }
    components
        .schemas
        .insert(TIME_ZONE.into(), RefOr::T(Schema::Object(time_zones())));
}

/// Content that can have been deleted since the caller learnt its id: a
/// post (and so its comments and reactions), a comment, a library item.
const DELETABLE: &[&str] = &[
    "/api/v1/posts/{id}",
    "/api/v1/comments/{id}",
    "/api/v1/library/items/{id}",
    "/api/v1/library/comments/{id}",
];

fn common_answers(path: &str, operation: &mut Operation) {
    let has_input = operation.parameters.as_ref().is_some_and(|p| !p.is_empty())
        || operation.request_body.is_some();
    let json_body = operation
        .request_body
        .as_ref()
        .is_some_and(|body| match body {
            RefOr::T(RequestBody { content, .. }) => content.contains_key("application/json"),
            RefOr::Ref(_) => false,
        });
    let anonymous_only = operation
        .tags
        .as_ref()
        .is_some_and(|tags| tags.iter().any(|t| t == "instance"));
    let deletable = DELETABLE.iter().any(|prefix| path.starts_with(prefix));
    let answers: [(&str, &str, bool); 7] = [
        (
            "400",
            "The request is malformed: a parameter of the wrong type, or a body that is not the documented JSON (`bad_request`)",
            has_input,
        ),
        (
            "401",
            "The API token or session cookie sent is not valid, or this operation needs one (`unauthorized`)",
            !anonymous_only,
        ),
        (
            "410",
            "The post, comment or library item was deleted (`gone`)",
            deletable,
        ),
        (
            "413",
            "The body is larger than the instance accepts (`http.max_body_bytes`)",
            json_body,
        ),
        (
            "415",
            "The body is not sent as `Content-Type: application/json`",
            json_body,
        ),
        (
            "422",
            "A value of the documented form that breaks a rule its description states: an empty title, a time zone or language that does not exist, a wrong current password, a used link (`invalid`, and which field)",
            has_input,
        ),
        (
            "503",
            "The server is at one of its limits (connections, or waiting password checks); try again after `Retry-After` seconds",
            true,
        ),
    ];
    for (status, description, applies) in answers {
        if applies && !operation.responses.responses.contains_key(status) {
            operation
                .responses
                .responses
                .insert(status.into(), RefOr::T(error(description)));
        }
    }
}

fn error(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

fn zone_parameter(parameter: &mut RefOr<Parameter>) {
    if let RefOr::T(parameter) = parameter
        && parameter.name == "timezone"
    {
        parameter.schema = Some(RefOr::Ref(Ref::from_schema_name(TIME_ZONE)));
    }
}

/// `timezone` properties (nullable ones stay nullable) name the list.
fn zone_property(object: &mut Object, empty_means_utc: bool) {
    let Some(property) = object.properties.get_mut("timezone") else {
        return;
    };
    let nullable = match property {
        RefOr::T(Schema::Object(inner)) => match &inner.schema_type {
            SchemaType::Array(types) => types.contains(&Type::Null),
            _ => false,
        },
        _ => return,
    };
    let zone = RefOr::Ref(Ref::from_schema_name(TIME_ZONE));
    if !nullable && !empty_means_utc {
        *property = zone;
        return;
    }
    let mut one_of = OneOfBuilder::new().item(zone);
    if nullable {
        one_of = one_of.item(Object::with_type(Type::Null));
    }
    if empty_means_utc {
        one_of = one_of.item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([""]))
                .description(Some("UTC"))
                .build(),
        );
    }
    *property = RefOr::T(Schema::OneOf(one_of.build()));
}

/// Every IANA time zone name this server knows (its bundled database).
fn time_zones() -> Object {
    let names: BTreeSet<String> = jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "An IANA time zone name, such as `Africa/Kinshasa` or `America/New_York`",
        ))
        .enum_values(Some(names))
        .build()
}
