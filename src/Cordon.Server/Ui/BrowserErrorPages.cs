using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;

namespace Cordon.Server.Ui;

/// <summary>
/// Errors as pages for people in a browser (not found, not allowed, something went wrong), and as
/// Problem Details (RFC 9457) for everything else: the API, TAXII and any client that does not ask
/// for HTML. Domain errors (<see cref="Cordon.Common.CordonException"/>) are mapped first by
/// <see cref="Cordon.Common.ProblemMapping"/>; this handles bare status codes and unexpected failures.
/// </summary>
public sealed class BrowserErrorPages(ILogger<BrowserErrorPages> log) : IExceptionHandler
{
    /// <summary>A person's browser asking for a page, not a program calling the API.</summary>
    public static bool IsBrowser(HttpRequest request)
        => !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/taxii2")
           && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>For UseStatusCodePages: a page for browsers, Problem Details for the rest.</summary>
    public static async Task HandleStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (IsBrowser(http.Request))
        {
            var (title, message) = Explain(status, http);
            await WriteAsync(http, status, title, message);
            return;
        }
        // Always Problem Details, whatever the client accepts (the problem details service writes nothing for an Accept it cannot meet).
        await Results.Problem(statusCode: status).ExecuteAsync(http);
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBrowser(context.Request) || context.Response.HasStarted)
        {
            return false; // The API gets its Problem Details from the default handler.
        }
        log.LogError(exception, "Unexpected error on {Path} (reference {Reference}).", context.Request.Path, context.TraceIdentifier);
        await WriteAsync(context, StatusCodes.Status500InternalServerError, "Something went wrong",
            $"The server could not finish this request. It has been logged under reference {context.TraceIdentifier}: try again, and if it happens again, give that reference to your system operator.");
        return true;
    }

    private static (string Title, string Message) Explain(int status, HttpContext http) => status switch
    {
        404 => ("Page not found", $"There is no page at {http.Request.Path}. The link may be mistyped, or the record may have been removed."),
        403 => ("Not allowed", "Your roles, or your agency's agreements, do not give access to this page."),
        401 => ("Sign-in needed", "Sign in to see this page."),
        405 => ("Not possible here", "This page does not accept that kind of request. Go back and use the page's own buttons and links."),
        413 => ("Too large", "What you sent is larger than the server accepts."),
        429 => ("Too many requests", "You have sent many requests in a short time. Wait a moment and try again."),
        >= 500 => ("Something went wrong", $"The server could not finish this request (reference {http.TraceIdentifier}). Try again, and if it happens again, give that reference to your system operator."),
        _ => ($"Error {status}", "The server could not give you this page."),
    };

    /// <summary>A plain page in the site's style, with the way back: it works even when the layout cannot run.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string title, string message)
    {
        var e = HtmlEncoder.Default;
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e.Encode(title)} · Cordon</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/site.css"></head>
            <body class="bare"><main class="content" id="main"><div class="panel" data-testid="error-page" data-status="{status}">
            <h1>{e.Encode(title)}</h1><p role="alert">{e.Encode(message)}</p>
            <p><a href="/">Back to the overview</a></p>
            </div></main></body></html>
            """);
    }
}
