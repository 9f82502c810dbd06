using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cordon.Taxii;

/// <summary>
/// TAXII 2.1 error messages (§3.6.1) for every error under /taxii2/: whatever produced it (the
/// authentication challenge, the authorisation policy, a <see cref="Common.CordonException"/> mapped to
/// Problem Details, a status-code page), the client receives <c>title</c>, <c>description</c> and
/// <c>http_status</c> in the TAXII media type, with field errors under <c>details</c>.
/// </summary>
public static class TaxiiErrors
{
    public static JsonObject Message(int status, string title, string? description, JsonNode? details = null)
    {
        var o = new JsonObject { ["title"] = title, ["http_status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(description))
        {
            o["description"] = description;
        }
        if (details is not null)
        {
            o["details"] = details;
        }
        return o;
    }

    /// <summary>Put first in the pipeline: it sees the response after every other middleware has written it.</summary>
    public static IApplicationBuilder UseTaxiiErrors(this IApplicationBuilder app)
        => app.UseWhen(c => c.Request.Path.StartsWithSegments("/taxii2"), branch => branch.Use(RewriteAsync));

    private static async Task RewriteAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var status = context.Response.StatusCode;
        var type = context.Response.ContentType ?? "";
        if (status < 400 || (type.StartsWith("application/taxii+json", StringComparison.OrdinalIgnoreCase) && buffer.Length > 0))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return;
        }
        var message = Translate(status, buffer.ToArray(), type);
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        context.Response.ContentType = TaxiiEndpoints.MediaType;
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, context.RequestAborted);
    }

    private static JsonObject Translate(int status, byte[] body, string type)
    {
        var fallback = status switch
        {
            401 => ("Not authenticated", "Send an API key as 'X-Api-Key: cdn_…' or 'Authorization: ApiKey cdn_…'."),
            403 => ("Not allowed", "The API key's roles or agency do not allow this."),
            404 => ("Not found", "No such TAXII resource; GET /taxii2/ for discovery."),
            406 => ("Not acceptable", $"This server answers with {TaxiiEndpoints.MediaType}."),
            _ => ("Request failed", null),
        };
        if (body.Length > 0 && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (JsonNode.Parse(body) is JsonObject problem)
                {
                    // RFC 9457 Problem Details: title, detail and (for validation) errors by field.
                    var title = problem["title"]?.GetValue<string>() ?? fallback.Item1;
                    var description = problem["detail"]?.GetValue<string>() ?? fallback.Item2;
                    return Message(status, title, description, problem["errors"]?.DeepClone() is { } errors ? new JsonObject { ["errors"] = errors } : null);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the fallback below.
            }
        }
        var text = body.Length > 0 && type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetString(body).Trim() : null;
        return Message(status, fallback.Item1, fallback.Item2 ?? text);
    }
}
