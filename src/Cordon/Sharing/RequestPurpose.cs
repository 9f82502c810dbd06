using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Http;

namespace Cordon.Sharing;

/// <summary>
/// The purpose a request states: the <c>X-Cordon-Purpose</c> header for API clients, or the choice a
/// browser user made for the session (the <c>cordon.purpose</c> cookie, set from the top bar).
/// </summary>
public static class RequestPurpose
{
    public const string Cookie = "cordon.purpose";

    /// <summary>The stated purpose; a request that reads shared records without one is refused, naming the header.</summary>
    public static Purpose Of(HttpContext http)
    {
        if (http.Request.Headers.TryGetValue(PurposeNames.Header, out var values) && values.Count > 0)
        {
            // A client's per-request header comes after its default one (HttpClient may join them with commas).
            var header = (values[^1] ?? "").Split(',')[^1].Trim();
            return PurposeNames.TryParse(header, out var p)
                ? p
                : throw ValidationFailed.Field(PurposeNames.Header, $"'{header}' is not a purpose; state one of: {string.Join(", ", PurposeNames.All.Select(x => x.Name))}.");
        }
        // Links and EventSource streams cannot send headers: they may state it as ?purpose=.
        if (http.Request.Query.TryGetValue("purpose", out var stated) && PurposeNames.TryParse(stated, out var fromQuery))
        {
            return fromQuery;
        }
        if (http.Request.Cookies.TryGetValue(Cookie, out var chosen) && PurposeNames.TryParse(chosen, out var fromSession))
        {
            return fromSession;
        }
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            return Purpose.RiskAnalysis; // A browser session that has not chosen yet works for risk analysis, shown in the top bar.
        }
        throw ValidationFailed.Field(PurposeNames.Header, $"State the purpose of this request in the {PurposeNames.Header} header: {string.Join(", ", PurposeNames.All.Select(x => x.Name))}.");
    }

    /// <summary>
    /// A new browser session starts with a stated purpose (shown and changed in the top bar), so the
    /// browser's own API calls (job progress, JSON links) state it too. A purpose chosen earlier stays.
    /// </summary>
    public static void StateForNewSession(HttpContext http)
    {
        if (!http.Request.Cookies.ContainsKey(Cookie))
        {
            http.Response.Cookies.Append(Cookie, PurposeNames.Name(Purpose.RiskAnalysis),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        }
    }

    /// <summary>The one access policy for this request: its user, its stated purpose, now.</summary>
    public static Task<AccessPolicy> PolicyAsync(HttpContext http, CordonDb db, CancellationToken ct = default)
        => AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), Of(http), ct: ct);

    /// <summary>A supervisor's break-glass justification, from the <c>X-Cordon-Break-Glass</c> header.</summary>
    public static string? BreakGlass(HttpContext http)
        => http.Request.Headers.TryGetValue(BreakGlassHeader, out var v) && v.Count > 0 ? v.ToString() : null;

    public const string BreakGlassHeader = "X-Cordon-Break-Glass";
}
