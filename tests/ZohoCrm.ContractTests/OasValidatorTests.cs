using System.Text.Json.Nodes;
using ZohoCrm.ContractTests.Oas;

namespace ZohoCrm.ContractTests;

/// <summary>The validator itself, on small hand-written OpenAPI files (no ZCRM_OAS_DIR needed).</summary>
public sealed class OasValidatorTests : IDisposable
{
    private const string Raw = "https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/";

    private static readonly Dictionary<string, string> Files = new()
    {
        ["a.json"] = """
        {
          "openapi": "3.0.0",
          "paths": {
            "/crm/v8/{module_api_name}": {
              "get": {
                "parameters": [
                  { "$ref": "#/components/parameters/fields" },
                  { "name": "page", "in": "query", "schema": { "type": "integer", "format": "int32" } },
                  { "name": "sort_order", "in": "query", "schema": { "type": "string", "enum": ["asc", "desc"] } }
                ],
                "responses": { "200": { "content": { "application/json": { "schema": {
                  "oneOf": [ { "$ref": "#/components/schemas/Wrapper" }, { "$ref": "#/components/schemas/Exception" } ] } } } } }
              }
            },
            "/crm/v8/users": {
              "get": {
                "parameters": [ { "name": "module", "in": "query", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "$ref": "#/components/responses/Users" } }
              },
              "post": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Strict" } } } },
                "responses": { "201": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Strict" } } } } }
              }
            }
          },
          "components": {
            "parameters": { "fields": { "name": "fields", "in": "query", "schema": { "type": "string" } } },
            "responses": { "Users": { "content": { "application/json": { "schema": { "$ref": "RAW/b.json#/components/schemas/Info" } } } } },
            "schemas": {
              "Wrapper": { "type": "object", "required": ["data"], "properties": {
                "data": { "type": "array", "items": { "$ref": "#/components/schemas/Record" } },
                "info": { "$ref": "RAW/b.json#/components/schemas/Info" } } },
              "Record": { "type": "object", "additionalProperties": true, "properties": {
                "id": { "type": "string" },
                "Created_Time": { "type": "string", "format": "date-time" },
                "Owner": { "$ref": "b.json#/components/schemas/User" } } },
              "Exception": { "type": "object", "properties": {
                "code": { "type": "string", "enum": ["INVALID_DATA"] }, "message": { "type": "string" },
                "status": { "type": "string", "enum": ["error"] }, "details": { "type": "object" } } },
              "Strict": { "type": "object", "required": ["a"], "additionalProperties": false, "properties": {
                "a": { "type": ["string", "null"] }, "n": { "type": "integer" }, "x": { "type": "number", "nullable": true },
                "d": { "type": "string", "format": "date" }, "e": { "type": "string", "enum": ["one", "two"] } } },
              "Typed": { "type": "object", "additionalProperties": { "type": "integer" } },
              "Any": { "anyOf": [ { "type": "string" }, { "type": "integer" } ] },
              "One": { "oneOf": [ { "type": "integer" }, { "type": "number" } ] },
              "All": { "allOf": [ { "type": "object", "required": ["a"] }, { "type": "object", "required": ["b"] } ] },
              "Bare": { "type": "object" },
              "Tree": { "type": "object", "properties": {
                "name": { "type": "string", "maxLength": 3 },
                "group": { "type": "array", "items": { "$ref": "#/components/schemas/Tree" } } } }
            }
          }
        }
        """.Replace("RAW/", Raw, StringComparison.Ordinal),
        ["b.json"] = """
        {
          "openapi": "3.0.0",
          "paths": {},
          "components": { "schemas": {
            "Info": { "type": "object", "required": ["count"], "properties": {
              "count": { "type": "integer", "format": "int32" }, "more_records": { "type": "boolean" } } },
            "User": { "type": "object", "required": ["name", "id"], "properties": {
              "name": { "type": "string" }, "id": { "type": "string", "nullable": true } } }
          } }
        }
        """,
        ["common.json"] = """
        {
          "openapi": "3.0.0",
          "paths": {},
          "components": { "schemas": { "API_Exception": { "type": "object", "required": ["status", "code", "message", "details"],
            "properties": { "status": { "type": "string" }, "code": { "type": "string" }, "message": { "type": "string" }, "details": { "type": "object" } } } } }
        }
        """,
    };

    private readonly string _directory;
    private readonly OasValidator _validator;

    public OasValidatorTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), "oas-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        foreach (var (name, text) in Files)
        {
            File.WriteAllText(Path.Combine(_directory, name), text);
        }

        _validator = new OasValidator(OasValidator.Load(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private OasValidationResult Schema(string name, string json) =>
        _validator.ValidateSchema("a.json#/components/schemas/" + name, JsonNode.Parse(json));

    [Fact]
    public void Loads_every_file_and_finds_operations_by_concrete_path()
    {
        Assert.Equal(3, _validator.Documents.Files.Count);
        Assert.Equal("/crm/v8/users", _validator.Documents.FindOperation("get", "/crm/v8/users?module=x")!.PathTemplate);
        Assert.Equal("/crm/v8/{module_api_name}", _validator.Documents.FindOperation("GET", "/crm/v8/Leads?fields=a")!.PathTemplate);
        Assert.Equal("/crm/v8/{module_api_name}", _validator.Documents.FindOperation("GET", "/crm/v8/{module_api_name}")!.PathTemplate);
        Assert.Null(_validator.Documents.FindOperation("DELETE", "/crm/v8/Leads"));
        Assert.Null(_validator.Documents.FindOperation("GET", "/crm/v8/Leads/1/2"));
    }

    [Fact]
    public void Success_body_must_match_the_success_branch()
    {
        var ok = _validator.ValidateResponse("GET", "/crm/v8/Leads", 200,
            """{"data":[{"id":"1","Created_Time":"2024-05-01T10:20:30+05:30","Owner":{"name":"P","id":"2"},"Extra":[1]}],"info":{"count":1}}""");
        Assert.True(ok.IsValid, ok.ToString());
        Assert.Contains("Wrapper", ok.Schema);

        // Matches the (requirement-free) exception branch, but a 200 body has to be a success body.
        var notSuccess = _validator.ValidateResponse("GET", "/crm/v8/Leads", 200, """{"code":"INVALID_DATA","status":"error"}""");
        Assert.False(notSuccess.IsValid);
        Assert.Contains(notSuccess.Errors, e => e.Contains("required property 'data'", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_are_reported_with_their_json_path()
    {
        var result = _validator.ValidateResponse("GET", "/crm/v8/Leads", 200,
            """{"data":[{"id":7,"Created_Time":"2024-05-01 10:20:30","Owner":{"name":"P"}}],"info":{}}""");
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("$.data[0].id: expected string", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("$.data[0].Created_Time: '2024-05-01 10:20:30' is not a date-time", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("$.data[0].Owner: required property 'id'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("$.info: required property 'count'", StringComparison.Ordinal));
    }

    [Fact]
    public void Error_status_not_documented_falls_back_to_the_generic_envelope()
    {
        Assert.True(_validator.ValidateResponse("GET", "/crm/v8/Leads", 401, """{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}""").IsValid);
        Assert.False(_validator.ValidateResponse("GET", "/crm/v8/Leads", 401, """{"code":"INVALID_TOKEN","message":"x","status":"error"}""").IsValid);
    }

    [Fact]
    public void Empty_statuses_need_empty_bodies()
    {
        Assert.True(_validator.ValidateResponse("GET", "/crm/v8/Leads", 204, string.Empty).IsValid);
        Assert.True(_validator.ValidateResponse("GET", "/crm/v8/Leads", 304, (string?)null).IsValid);
        Assert.False(_validator.ValidateResponse("GET", "/crm/v8/Leads", 204, "{}").IsValid);
        Assert.False(_validator.ValidateResponse("GET", "/crm/v8/Leads", 200, string.Empty).IsValid);
        Assert.False(_validator.ValidateResponse("GET", "/crm/v8/nothing/here/at/all", 200, "{}").IsValid);
    }

    [Fact]
    public void Responses_referenced_from_components_and_other_files()
    {
        Assert.True(_validator.ValidateResponse("GET", "/crm/v8/users", 200, """{"count":3,"more_records":false}""").IsValid);
        Assert.False(_validator.ValidateResponse("GET", "/crm/v8/users", 200, """{"count":3.5}""").IsValid);
    }

    [Theory]
    [InlineData("""{"a":"x"}""", true)]
    [InlineData("""{"a":null,"x":null,"n":3}""", true)]
    [InlineData("""{"a":"x","n":3.0}""", true)]
    [InlineData("""{"a":"x","n":3.5}""", false)]
    [InlineData("""{"a":"x","n":"3"}""", false)]
    [InlineData("""{"a":"x","x":1.25}""", true)]
    [InlineData("""{"a":1}""", false)]
    [InlineData("""{"n":1}""", false)]
    [InlineData("""{"a":"x","extra":1}""", false)]
    [InlineData("""{"a":"x","d":"2024-02-29"}""", true)]
    [InlineData("""{"a":"x","d":"2023-02-29"}""", false)]
    [InlineData("""{"a":"x","e":"two"}""", true)]
    [InlineData("""{"a":"x","e":"three"}""", false)]
    [InlineData("""{"a":"x","e":null}""", false)]
    [InlineData("""[]""", false)]
    [InlineData("""null""", false)]
    public void Types_nullable_required_enum_format_and_additional_properties(string json, bool valid)
    {
        var result = Schema("Strict", json);
        Assert.True(valid == result.IsValid, result.ToString());
    }

    [Fact]
    public void Additional_properties_schema_and_combinators()
    {
        Assert.True(Schema("Typed", """{"a":1,"b":2}""").IsValid);
        Assert.False(Schema("Typed", """{"a":1,"b":"2"}""").IsValid);
        Assert.True(Schema("Any", "\"s\"").IsValid);
        Assert.True(Schema("Any", "5").IsValid);
        Assert.False(Schema("Any", "true").IsValid);
        Assert.True(Schema("All", """{"a":1,"b":2}""").IsValid);
        Assert.False(Schema("All", """{"a":1}""").IsValid);
        Assert.True(Schema("One", "5").IsValid);
        Assert.False(Schema("One", "\"5\"").IsValid);
    }

    [Fact]
    public void Strict_oneOf_rejects_a_value_matching_two_branches()
    {
        var strict = new OasValidator(_validator.Documents, new OasValidationOptions { OneOfMeansAnyOf = false });
        Assert.False(strict.ValidateSchema("a.json#/components/schemas/One", JsonNode.Parse("5")).IsValid);
        Assert.True(strict.ValidateSchema("a.json#/components/schemas/One", JsonNode.Parse("5.5")).IsValid);
    }

    [Fact]
    public void Bare_object_means_any_value_unless_told_otherwise()
    {
        Assert.True(Schema("Bare", "\"Asia/Kolkata\"").IsValid);
        var literal = new OasValidator(_validator.Documents, new OasValidationOptions { BareObjectIsAny = false });
        Assert.False(literal.ValidateSchema("a.json#/components/schemas/Bare", JsonNode.Parse("\"Asia/Kolkata\"")).IsValid);
        Assert.True(literal.ValidateSchema("a.json#/components/schemas/Bare", JsonNode.Parse("{}")).IsValid);
    }

    [Fact]
    public void Recursive_references_and_lengths()
    {
        Assert.True(Schema("Tree", """{"name":"a","group":[{"name":"b","group":[{"name":"c"}]}]}""").IsValid);
        var tooLong = Schema("Tree", """{"group":[{"group":[{"name":"long"}]}]}""");
        Assert.False(tooLong.IsValid);
        Assert.StartsWith("$.group[0].group[0].name: longer than 3", tooLong.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Request_parameters_and_bodies()
    {
        Assert.True(_validator.ValidateRequest("GET", "/crm/v8/Leads", ["fields", "page", "sort_order"]).IsValid);
        var unknown = _validator.ValidateRequest("GET", "/crm/v8/Leads", ["fields", "pageToken"]);
        Assert.False(unknown.IsValid);
        Assert.Contains("'pageToken' is not declared", unknown.Errors.Single(), StringComparison.Ordinal);

        var values = _validator.ValidateRequest("GET", "/crm/v8/Leads", new Dictionary<string, string> { ["page"] = "abc", ["sort_order"] = "sideways" });
        Assert.Equal(2, values.Errors.Count);

        Assert.False(_validator.ValidateRequest("GET", "/crm/v8/users", Array.Empty<string>()).IsValid);
        Assert.True(_validator.ValidateRequest("POST", "/crm/v8/users", Array.Empty<string>(), """{"a":"x"}""").IsValid);
        Assert.False(_validator.ValidateRequest("POST", "/crm/v8/users", Array.Empty<string>(), """{"b":"x"}""").IsValid);
        Assert.False(_validator.ValidateRequest("GET", "/crm/v8/users", ["module"], """{"a":"x"}""").IsValid);
    }

    [Fact]
    public void Unknown_reference_targets_are_reported()
    {
        Assert.Throws<KeyNotFoundException>(() => _validator.ValidateSchema("a.json#/components/schemas/Missing", JsonNode.Parse("1")));
        Assert.Throws<KeyNotFoundException>(() => _validator.ValidateSchema("zzz.json#/components/schemas/X", JsonNode.Parse("1")));
    }
}
