using System.Text.Json.Nodes;
using Cordon.Sharing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Cordon.Server;

/// <summary>
/// The API's description for integrators: the OpenAPI document with its security schemes (an agency's
/// API key, or a bearer token from the agency's own identity provider), and an interactive reference
/// (Scalar, served from the package itself: no CDN, no fonts or telemetry from elsewhere) at /api/docs.
/// </summary>
public static class ApiReference
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddCordonOpenApi(this IServiceCollection services)
        => services.AddOpenApi(o => o.AddOperationTransformer(async (operation, context, ct) =>
        {
            await DeclareReadBodyAsync(operation, context, ct);
            DeclareProblems(operation, context);
            AttachExamples(operation);
        }).AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Cordon API",
                Version = "v1",
                Description = "Customs enforcement and interagency border coordination. Every read of another agency's record "
                    + "goes through its agreement's shared view and is audited; errors are RFC 9457 Problem Details naming the record and field.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An agency's API key (cdn_…), created by its administrator: `cordon apikeys create` or the API keys page.",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from an agency's own identity provider, once the agency administrator has registered it.",
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = Problem();
            document.Components.Schemas[ValidationProblemSchema] = ValidationProblem(document);
            document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
            foreach (var (_, name, description, schema, example) in Problems)
            {
                document.Components.Responses[name] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = ProblemMedia(document, schema, example) },
                };
            }
            document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
            document.Components.Examples[nameof(ApiExamples.ValidationProblem)] = new OpenApiExample
            {
                Summary = "A field refused (GET /api/risk/criteria?status=pending)",
                Value = JsonNode.Parse(ApiExamples.ValidationProblem),
            };
            document.Components.Examples[nameof(ApiExamples.NotFoundProblem)] = new OpenApiExample
            {
                Summary = "No such record (GET /api/declarations/26NL0000009999999)",
                Value = JsonNode.Parse(ApiExamples.NotFoundProblem),
            };
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
            ];
            return Task.CompletedTask;
        }));

    /// <summary>
    /// Bodies a handler reads itself (to check a batch record by record, or to stream a file to disk), which the framework
    /// cannot see: declared here by operation id, not as Accepts metadata, which would also make routing refuse other
    /// content types with a bare 415 before the handler's own Problem Details (and before authentication).
    /// </summary>
    private static readonly Dictionary<string, (Type? Schema, string[] ContentTypes, string Description)> ReadBodies = new(StringComparer.Ordinal)
    {
        ["lodgeDeclaration"] = (typeof(Declarations.DeclarationInput), ["application/json"], "One declaration in the intake format."),
        ["lodgeDeclarations"] = (typeof(Declarations.DeclarationInput[]), ["application/json"], "Up to 10,000 declarations in the intake format."),
        ["lodgeConsignment"] = (typeof(Declarations.ConsignmentInput), ["application/json"], "One pre-arrival consignment in the intake format."),
        ["lodgeConsignments"] = (typeof(Declarations.ConsignmentInput[]), ["application/json"], "Up to 10,000 pre-arrival consignments in the intake format."),
        ["resubmitQuarantinedRecord"] = (null, ["application/json"], "The corrected record, in the intake format of its kind (declaration or consignment)."),
        ["receiveEdifact"] = (null, ["application/EDIFACT"], "A UN/EDIFACT interchange (UNA/UNB … UNZ) of CUSDEC or CUSCAR messages."),
        // Uploads are files, whatever their format (?format=): the bytes are kept and read by the import, not bound as JSON.
        ["importDeclarations"] = (null, ["application/octet-stream"], "The file: CSV (header row), research-layout CSV or JSON lines, as ?format= says. Its name in X-File-Name."),
        ["importConsignments"] = (null, ["application/octet-stream"], "The file: CSV (header row) or JSON lines, as ?format= says. Its name in X-File-Name."),
        ["importManifests"] = (null, ["application/octet-stream"], "The file: PAXLST or PNRGOV interchanges, or JSON lists, as ?format= says. Its name in X-File-Name."),
        ["importLostDocuments"] = (null, ["text/csv"], "An edition of the list: number,issuing_state,status[,type,reported]."),
        ["importAssets"] = (null, ["text/csv"], "The asset inventory as CSV."),
        ["attachSeizureEvidence"] = (null, ["application/octet-stream"], "The file itself; its type in Content-Type."),
        ["ingestDetections"] = (null, ["application/geo+json", "application/json", "application/xml"], "GeoJSON features, or Cursor-on-Target events (XML)."),
    };

    private static async Task DeclareReadBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.OperationId is not { } id || !ReadBodies.TryGetValue(id, out var body) || operation.RequestBody is not null)
        {
            return;
        }
        IOpenApiSchema schema = body.Schema is null
            ? new OpenApiSchema { Type = JsonSchemaType.String, Format = body.ContentTypes[0] is "application/octet-stream" or "text/csv" ? "binary" : null }
            : await context.GetOrCreateSchemaAsync(body.Schema, null, ct);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = body.Description,
            Content = body.ContentTypes.ToDictionary(t => t, t => new OpenApiMediaType { Schema = t.EndsWith("json", StringComparison.Ordinal) && body.Schema is null ? new OpenApiSchema { Type = JsonSchemaType.Object } : schema }),
        };
    }

    /// <summary>
    /// The RFC 9457 answers an /api operation can give, read from its endpoint metadata: 401 and 403 where it requires
    /// authorisation; 400 (field errors) where it takes a body or parameters, states a purpose or changes something; 404
    /// where the route names a record (any route parameter: an unknown one, or one that does not match its constraint);
    /// 409 where it changes something (POST, PUT, PATCH, DELETE: a version or state the request no longer matches);
    /// 429 everywhere (every /api request counts against its client's rate limit).
    /// </summary>
    private static void DeclareProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var path = "/" + (context.Description.RelativePath ?? "");
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return;
        }
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorised = !anonymous && metadata.OfType<IAuthorizeData>().Any();
        var purpose = metadata.OfType<ApiDocs.StatesPurpose>().FirstOrDefault();
        var changes = context.Description.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE";
        var takesInput = changes || operation.RequestBody is not null || operation.Parameters?.Any(p => p.In != ParameterLocation.Path) == true;
        if (purpose is not null)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = PurposeNames.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "The purpose of this request; the access policy and the audit log record it. Links and event streams may state it as ?purpose= instead.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. PurposeNames.All.Select(p => (JsonNode)JsonValue.Create(p.Name))] },
            });
            if (purpose.BreakGlass)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = RequestPurpose.BreakGlassHeader,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "A supervisor's justification for reading a record the policy denies; the read is audited and put to the owning agency's review.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }
        operation.Responses ??= [];
        if (takesInput || purpose is not null)
        {
            Declare(operation, context, "400");
        }
        if (authorised)
        {
            Declare(operation, context, "401");
            Declare(operation, context, "403");
        }
        if (path.Contains('{', StringComparison.Ordinal))
        {
            Declare(operation, context, "404");
        }
        if (changes)
        {
            Declare(operation, context, "409");
        }
        Declare(operation, context, "429");
    }

    /// <summary>The Problem Details answers, each once in components.responses: status, name, description, schema, example.</summary>
    private static readonly (string Status, string Name, string Description, string Schema, string? Example)[] Problems =
    [
        ("400", "ValidationProblem", "The request has invalid fields: `errors` names each field and what is wrong with it.", ValidationProblemSchema,
            nameof(ApiExamples.ValidationProblem)),
        ("401", "Unauthenticated", "No credentials, or credentials that are not valid: send an API key (X-Api-Key) or a bearer token.", ProblemSchema, null),
        ("403", "Forbidden", "The caller may not do this: its roles, its agency or the record's agreement do not allow it.", ProblemSchema, null),
        ("404", "NotFound", "No such record that the caller may see.", ProblemSchema, nameof(ApiExamples.NotFoundProblem)),
        ("409", "Conflict", "The record's current state or version does not allow this change.", ProblemSchema, null),
        ("429", "TooManyRequests", "The client reached its rate limit; Retry-After says when to try again.", ProblemSchema, null),
    ];

    private static OpenApiMediaType ProblemMedia(OpenApiDocument document, string schema, string? example) => new()
    {
        Schema = new OpenApiSchemaReference(schema, document),
        Examples = example is null ? null : new Dictionary<string, IOpenApiExample> { [example] = new OpenApiExampleReference(example, document) },
    };

    private static void Declare(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status)
    {
        var problem = Problems.Single(p => p.Status == status);
        var responses = operation.Responses!;
        if (!responses.TryGetValue(status, out var declared))
        {
            responses[status] = new OpenApiResponseReference(problem.Name, context.Document);
        }
        else if (declared is OpenApiResponse response && response.Content?.ContainsKey(ProblemJson) != true)
        {
            // The handler declared this status with another body (a typed result): the problem form goes beside it.
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[ProblemJson] = ProblemMedia(context.Document!, problem.Schema, problem.Example);
        }
    }

    private static void AttachExamples(OpenApiOperation operation)
    {
        if (operation.OperationId is not { } id || !ApiExamples.Requests.TryGetValue(id, out var example))
        {
            return;
        }
        var body = operation.RequestBody as OpenApiRequestBody
            ?? throw new InvalidOperationException($"{id} has an example but takes no request body in the document.");
        body.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (!body.Content.TryGetValue(example.ContentType, out var media))
        {
            throw new InvalidOperationException($"{id} has an example for {example.ContentType}, which it does not take.");
        }
        media.Example = example.IsJson ? JsonNode.Parse(example.Body) : JsonValue.Create(example.Body);
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 Problem Details.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, naming the record and field." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path, where given." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, to quote to the operators." },
        },
    };

    private static OpenApiSchema ValidationProblem(OpenApiDocument document) => new()
    {
        Description = "RFC 9457 Problem Details for invalid input, with the messages of each field.",
        AllOf =
        [
            new OpenApiSchemaReference(ProblemSchema, document),
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "Field path (\"items[1].hsCode\", \"\" for the whole record) → messages.",
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
            },
        ],
    };

    public static WebApplication MapCordonApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("Cordon API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce()); // EdgeProtection puts the nonce in this response's Content-Security-Policy
        return app;
    }

    /// <summary>The nonce Scalar emitted on this response's script tags, if any.</summary>
    internal static string? ScriptNonce(HttpContext context)
        => context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
