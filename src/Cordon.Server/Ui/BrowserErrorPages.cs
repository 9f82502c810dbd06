using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Ui;

/// <summary>
/// Errors as pages for people in a browser (not found, not allowed, something went wrong), and as
/// Problem Details (RFC 9457) for everything else: the API, TAXII and any client that does not ask
/// for HTML. Domain errors (<see cref="Cordon.Common.CordonException"/>) are mapped first by
/// <see cref="Cordon.Common.ProblemMapping"/>; this handles bare status codes and unexpected failures.
/// The pages speak the reader's language: these handlers run outside the localisation middleware, so the
/// culture it chose for the request (its request feature) is put back while the page is written.
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
            using (InReadersLanguage(http, out var text))
            {
                var (title, message) = Explain(status, http, text);
                await WriteAsync(http, status, title, message);
            }
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
        using (InReadersLanguage(context, out var text))
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError, text["Something went wrong"],
                text["The server could not finish this request. It has been logged under reference {0}: try again, and if it happens again, give that reference to your system operator.", context.TraceIdentifier]);
        }
        return true;
    }

    private static (string Title, string Message) Explain(int status, HttpContext http, IStringLocalizer text) => status switch
    {
        404 => (text["Page not found"], text["There is no page at {0}. The link may be mistyped, or the record may have been removed.", http.Request.Path.ToString()]),
        403 => (text["Not allowed"], text["Your roles, or your agency's agreements, do not give access to this page."]),
        401 => (text["Sign-in needed"], text["Sign in to see this page."]),
        405 => (text["Not possible here"], text["This page does not accept that kind of request. Go back and use the page's own buttons and links."]),
        413 => (text["Too large"], text["What you sent is larger than the server accepts."]),
        429 => (text["Too many requests"], text["You have sent many requests in a short time. Wait a moment and try again."]),
        >= 500 => (text["Something went wrong"], text["The server could not finish this request (reference {0}). Try again, and if it happens again, give that reference to your system operator.", http.TraceIdentifier]),
        _ => (text["Error {0}", status], text["The server could not give you this page."]),
    };

    /// <summary>The request's language (as the localisation middleware chose it) until disposed, and its texts.</summary>
    private static IDisposable InReadersLanguage(HttpContext http, out IStringLocalizer text)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        if (http.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } chosen)
        {
            CultureInfo.CurrentCulture = chosen.Culture;
            CultureInfo.CurrentUICulture = chosen.UICulture;
        }
        text = http.RequestServices.GetRequiredService<IStringLocalizer<UiText>>();
        return new Restore(before.Item1, before.Item2);
    }

    private sealed class Restore(CultureInfo culture, CultureInfo uiCulture) : IDisposable
    {
        public void Dispose()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    /// <summary>A plain page in the site's style, with the way back: it works even when the layout cannot run.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string title, string message)
    {
        var e = http.RequestServices.GetRequiredService<HtmlEncoder>(); // the site's encoder: Arabic and French as text, not character references
        var language = Languages.Current;
        var back = http.RequestServices.GetRequiredService<IStringLocalizer<UiText>>()["Back to the overview"];
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{language.Culture}" dir="{(language.RightToLeft ? "rtl" : "ltr")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e.Encode(title)} · Cordon</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/site.css"></head>
            <body class="bare"><main class="content" id="main"><div class="panel" data-testid="error-page" data-status="{status}">
            <h1>{e.Encode(title)}</h1><p role="alert">{e.Encode(message)}</p>
            <p><a href="/">{e.Encode(back)}</a></p>
            </div></main></body></html>
            """);
    }
}
