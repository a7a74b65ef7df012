//! A JSON Schema (draft-04) validator for the keywords the official SARIF
//! 2.1.0 schema uses. It refuses schemas with keywords it does not
//! implement, so it cannot pass a document by ignoring a rule.

use serde_json::Value;

const ANNOTATIONS: &[&str] = &["$schema", "id", "title", "description", "default", "definitions"];
const KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "enum",
    "items",
    "minItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "pattern",
    "format",
    "anyOf",
    "oneOf",
];

/// Validate `doc` against `schema`; returns every violation as `path: message`.
pub fn validate(schema: &Value, doc: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, doc, "$", &mut errors);
    errors
}

fn resolve<'a>(root: &'a Value, reference: &str) -> &'a Value {
    let path = reference.strip_prefix("#/").unwrap_or_else(|| panic!("unsupported $ref {reference}"));
    path.split('/').fold(root, |node, part| &node[part])
}

fn type_matches(kind: &str, value: &Value) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        other => panic!("unsupported type {other}"),
    }
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(schema_obj) = schema.as_object() else { return };
    for key in schema_obj.keys() {
        assert!(
            ANNOTATIONS.contains(&key.as_str()) || KEYWORDS.contains(&key.as_str()),
            "the schema uses `{key}`, which this validator does not implement"
        );
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        check(root, resolve(root, reference), value, at, errors);
    }
    if let Some(kind) = schema.get("type") {
        let ok = match kind {
            Value::String(k) => type_matches(k, value),
            Value::Array(ks) => ks.iter().any(|k| type_matches(k.as_str().unwrap(), value)),
            _ => true,
        };
        if !ok {
            errors.push(format!("{at}: expected type {kind}, found {value}"));
            return;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {options:?}"));
    }
    if let Some(n) = value.as_f64() {
        if schema.get("minimum").and_then(Value::as_f64).is_some_and(|min| n < min) {
            errors.push(format!("{at}: {n} is below the minimum"));
        }
        if schema.get("maximum").and_then(Value::as_f64).is_some_and(|max| n > max) {
            errors.push(format!("{at}: {n} is above the maximum"));
        }
    }
    if let Some(text) = value.as_str() {
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && !regex::Regex::new(pattern).unwrap().is_match(text)
        {
            errors.push(format!("{at}: {text:?} does not match {pattern}"));
        }
        match schema.get("format").and_then(Value::as_str) {
            Some("uri") if !text.contains(':') => errors.push(format!("{at}: {text:?} is not an absolute URI")),
            Some("uri" | "uri-reference") if text.contains([' ', '\n', '\r', '\t']) => {
                errors.push(format!("{at}: {text:?} has characters a URI cannot have"))
            }
            _ => {}
        }
    }
    if let Some(items) = value.as_array() {
        if schema.get("minItems").and_then(Value::as_u64).is_some_and(|min| (items.len() as u64) < min) {
            errors.push(format!("{at}: fewer items than minItems"));
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    errors.push(format!("{at}[{i}]: duplicate item"));
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, item_schema, item, &format!("{at}[{i}]"), errors);
            }
        }
    }
    if let Some(object) = value.as_object() {
        for key in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !object.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{at}: missing required property {key}"));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, child) in object {
            let at = format!("{at}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(child_schema) => check(root, child_schema, child, &at, errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{at}: property not allowed")),
                    Some(extra @ Value::Object(_)) => check(root, extra, child, &at, errors),
                    _ => {}
                },
            }
        }
    }
    for (keyword, exactly_one) in [("anyOf", false), ("oneOf", true)] {
        if let Some(options) = schema.get(keyword).and_then(Value::as_array) {
            let passing = options
                .iter()
                .filter(|option| {
                    let mut sub = Vec::new();
                    check(root, option, value, at, &mut sub);
                    sub.is_empty()
                })
                .count();
            if passing == 0 || (exactly_one && passing > 1) {
                errors.push(format!("{at}: {passing} of the {keyword} alternatives match"));
            }
        }
    }
}
