using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cordon.Common;

/// <summary>Turns a <see cref="CordonException"/> into RFC 9457 Problem Details; anything else is a 500 without internals.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = bad.StatusCode == 413 ? "The request body is too large." : "The request is malformed.", Detail = bad.Message },
                Exception = exception,
            });
        }
        if (exception is not CordonException cordon)
        {
            return false;
        }
        context.Response.StatusCode = cordon.Status;
        if (!context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            // A person in a browser gets a page, not JSON.
            var e = System.Text.Encodings.Web.HtmlEncoder.Default;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e.Encode(cordon.Title)} · Cordon</title>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/site.css"></head><body class="bare"><main class="content"><div class="panel">
                <h1>{e.Encode(cordon.Title)}</h1><p role="alert">{e.Encode(cordon.Message)}</p><p><a href="/">Back to the overview</a></p>
                </div></main></body></html>
                """, cancellationToken);
            return true;
        }
        ProblemDetails details = cordon is ValidationFailed v
            ? new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = 400, Title = cordon.Title, Detail = cordon.Message }
            : new ProblemDetails { Status = cordon.Status, Title = cordon.Title, Detail = cordon.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
