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
        => services.AddOpenApi(o => o.AddOperationTransformer((operation, context, _) =>
        {
            DeclareProblems(operation, context);
            AttachExamples(operation);
            return Task.CompletedTask;
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
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
            ];
            return Task.CompletedTask;
        }));

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
            Declare(operation, context, "400", "The request has invalid fields: `errors` names each field and what is wrong with it.", ValidationProblemSchema,
                ApiExamples.ValidationProblem);
        }
        if (authorised)
        {
            Declare(operation, context, "401", "No credentials, or credentials that are not valid: send an API key (X-Api-Key) or a bearer token.", ProblemSchema);
            Declare(operation, context, "403", "The caller may not do this: its roles, its agency or the record's agreement do not allow it.", ProblemSchema);
        }
        if (path.Contains('{', StringComparison.Ordinal))
        {
            Declare(operation, context, "404", "No such record that the caller may see.", ProblemSchema, ApiExamples.NotFoundProblem);
        }
        if (changes)
        {
            Declare(operation, context, "409", "The record's current state or version does not allow this change.", ProblemSchema);
        }
        Declare(operation, context, "429", "The client reached its rate limit; Retry-After says when to try again.", ProblemSchema);
    }

    private static void Declare(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description, string schema,
        string? example = null)
    {
        var responses = operation.Responses!;
        if (responses.TryGetValue(status, out var declared) && declared.Content?.ContainsKey(ProblemJson) == true)
        {
            return;
        }
        var media = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, context.Document), Example = example is null ? null : JsonNode.Parse(example) };
        if (declared is OpenApiResponse response)
        {
            // The handler declared this status with another body (a typed result): add the problem form beside it.
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[ProblemJson] = media;
            return;
        }
        responses[status] = new OpenApiResponse { Description = description, Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = media } };
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
