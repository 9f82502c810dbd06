using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Cordon.Common;

/// <summary>
/// Endpoints that read their body themselves require the content type they declare: a cross-site form
/// (text/plain, form encodings) can never be taken for a declaration or a detection.
/// </summary>
public static class BodyContentType
{
    public static readonly string[] Json = ["application/json"];

    /// <summary>Throws <see cref="UnsupportedMediaType"/> unless the request's media type is one of <paramref name="allowed"/> (or a "+json"/"+xml" suffix of one).</summary>
    public static void Require(HttpRequest request, params string[] allowed)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) && parsed.MediaType.Value is { } type)
        {
            foreach (var a in allowed)
            {
                if (type.Equals(a, StringComparison.OrdinalIgnoreCase)
                    || (a.EndsWith("/json", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
                    || (a.EndsWith("/xml", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)))
                {
                    return;
                }
            }
        }
        throw new UnsupportedMediaType($"Send the body as {string.Join(" or ", allowed)} (Content-Type header); '{request.ContentType ?? "(none)"}' is not taken here.");
    }
}
