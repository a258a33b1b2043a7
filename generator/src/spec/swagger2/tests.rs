//! The conversion, on small Swagger 2.0 documents.

use std::path::Path;

use openapiv3::{
    APIKeyLocation, OpenAPI, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SecurityScheme,
};

use crate::spec::parse_str;

fn read(yaml: &str) -> OpenAPI {
    parse_str(Path::new("swagger.yaml"), yaml).unwrap_or_else(|d| panic!("{d}"))
}

// `swagger: 2.0` unquoted, as hand-written YAML often has it.
const HEAD: &str =
    "swagger: 2.0\ninfo: {title: t, version: v2}\nhost: api.example.com\nbasePath: /v1\n";

#[test]
fn converts_bodies_forms_parameters_and_security() {
    let document = read(&format!(
            "{HEAD}consumes: [application/json]
securityDefinitions:
  Auth: {{type: oauth2, flow: application, tokenUrl: 'https://login/token', scopes: {{all: everything}}}}
  Key: {{type: apiKey, name: X-Key, in: header}}
paths:
  /things/{{id}}:
    parameters: [{{name: id, in: path, required: true, type: string}}]
    put:
      x-inin-requires-permissions: {{type: ANY, permissions: ['things:thing:edit']}}
      parameters:
        - {{name: tags, in: query, type: array, items: {{type: string}}}}
        - {{name: body, in: body, required: true, schema: {{$ref: '#/definitions/Thing'}}}}
      responses:
        '200': {{description: ok, schema: {{$ref: '#/definitions/Thing'}}}}
  /upload:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {{name: file, in: formData, required: true, type: file}}
        - {{name: note, in: formData, type: string}}
      responses: {{'204': {{description: done}}}}
definitions:
  Thing: {{type: object, properties: {{z: {{type: string, x-nullable: true}}, a: {{type: integer}}}}}}
"
        ));
    assert_eq!(document.servers[0].url, "https://api.example.com/v1");
    let item = document.paths.paths["/things/{id}"].as_item().unwrap();
    assert_eq!(item.parameters.len(), 1);
    let put = item.put.as_ref().unwrap();
    assert!(put.extensions.contains_key("x-inin-requires-permissions"));
    let ReferenceOr::Item(openapiv3::Parameter::Query {
        parameter_data,
        style,
        ..
    }) = &put.parameters[0]
    else {
        panic!("{:?}", put.parameters[0]);
    };
    assert_eq!(
        (style, parameter_data.explode),
        (&QueryStyle::Form, Some(false))
    );
    assert!(matches!(
        parameter_data.format,
        ParameterSchemaOrContent::Schema(_)
    ));
    let ReferenceOr::Item(body) = put.request_body.as_ref().unwrap() else {
        panic!()
    };
    assert!(body.required);
    let schema = body.content["application/json"].schema.as_ref().unwrap();
    assert!(
        matches!(schema, ReferenceOr::Reference { reference } if reference == "#/components/schemas/Thing")
    );
    let ReferenceOr::Item(ok) = &put.responses.responses[&openapiv3::StatusCode::Code(200)] else {
        panic!()
    };
    assert!(ok.content.contains_key("application/json"));

    let post = document.paths.paths["/upload"]
        .as_item()
        .unwrap()
        .post
        .as_ref()
        .unwrap();
    let ReferenceOr::Item(form) = post.request_body.as_ref().unwrap() else {
        panic!()
    };
    let form = serde_json::to_value(&form.content["multipart/form-data"]).unwrap();
    assert_eq!(form["schema"]["required"], serde_json::json!(["file"]));
    assert_eq!(form["schema"]["properties"]["file"]["format"], "binary");

    let components = document.components.unwrap();
    let thing = serde_json::to_value(&components.schemas["Thing"]).unwrap();
    let fields: Vec<&String> = thing["properties"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["z", "a"], "properties keep their order");
    assert_eq!(thing["properties"]["z"]["nullable"], true);
    let ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. }) =
        &components.security_schemes["Auth"]
    else {
        panic!()
    };
    assert_eq!(
        flows.client_credentials.as_ref().unwrap().token_url,
        "https://login/token"
    );
    assert!(matches!(
        &components.security_schemes["Key"],
        ReferenceOr::Item(SecurityScheme::APIKey { location: APIKeyLocation::Header, name, .. }) if name == "X-Key"
    ));
}

#[test]
fn reports_every_problem_at_its_place_in_the_swagger_file() {
    let text = format!(
            "{HEAD}paths:
  /a:
    get:
      parameters: [{{name: x, in: cookie, type: string}}, {{name: b, in: body}}]
      responses: {{'200': {{$ref: '#/definitions/Nope'}}}}
  /b:
    get:
      parameters: [{{name: y, in: header, type: array, items: {{type: string}}, collectionFormat: multi}}]
      responses: {{}}
"
        );
    let errors = parse_str(Path::new("up.yaml"), &text).unwrap_err().0;
    let places: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (
                "/paths/~1a/get/parameters/0/in",
                "unknown parameter location `cookie`"
            ),
            (
                "/paths/~1a/get/parameters/1",
                "the body parameter `b` has no `schema`"
            ),
            (
                "/paths/~1a/get/responses/200/$ref",
                "the response reference \"#/definitions/Nope\" does not point into `responses`"
            ),
            (
                "/paths/~1b/get/parameters/0/collectionFormat",
                "collectionFormat `multi` has no OpenAPI 3.0 equivalent for a header parameter"
            ),
        ]
    );
    assert!(
        errors
            .iter()
            .all(|d| d.file.as_deref() == Some(Path::new("up.yaml")) && d.help.is_some())
    );
}

#[test]
fn refuses_other_swagger_versions() {
    let errors = parse_str(Path::new("s.json"), r#"{"swagger": "1.2", "info": {}}"#)
        .unwrap_err()
        .0;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/swagger");
    assert!(errors[0].message.contains("1.2"), "{}", errors[0].message);
}
