using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Ui;

/// <summary>
/// The languages the pages speak (docs/languages.md, decision 019). The text lives in one resource file
/// per language next to <see cref="UiText"/>; adding a language is that file and one line below.
/// </summary>
public static class Languages
{
    /// <summary>A language as the chooser offers it: its culture name and its own name for itself.</summary>
    public sealed record Language(string Culture, string NativeName, bool RightToLeft);

    public static readonly IReadOnlyList<Language> All =
    [
        new("en", "English", false),
        new("fr", "Français", false),
        new("ar", "العربية", true),
    ];

    public const string Default = "en";

    /// <summary>The cookie that keeps each user's choice (ASP.NET Core's own culture cookie, so the middleware reads it).</summary>
    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    public static Language Current => Find(CultureInfo.CurrentUICulture.Name) ?? All[0];

    public static Language? Find(string? culture)
        => All.FirstOrDefault(l => string.Equals(l.Culture, culture, StringComparison.OrdinalIgnoreCase)
            || (culture is not null && culture.StartsWith(l.Culture + "-", StringComparison.OrdinalIgnoreCase)));

    public static IServiceCollection AddCordonLanguages(this IServiceCollection services)
    {
        services.AddLocalization();
        // Pages carry French and Arabic as text, not as numeric character references for every letter.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = All.Select(l => new CultureInfo(l.Culture)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The user's choice first, then what the browser asks for; no culture in the query string,
            // so a shared link opens in the reader's language, not the sender's.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // Browsers send form numbers with a decimal point whatever the page's language ("0.5" in an
        // <input type=number>): forms bind invariantly, as query strings already do. After MVC's own setup,
        // which adds the culture-bound form provider.
        services.PostConfigure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            var form = o.ValueProviderFactories.OfType<FormValueProviderFactory>().FirstOrDefault();
            if (form is not null)
            {
                o.ValueProviderFactories[o.ValueProviderFactories.IndexOf(form)] = new InvariantFormValueProviderFactory();
            }
        });
        return services;
    }

    /// <summary>
    /// A code the data holds (a lane, a status, a decision) in the reader's words: the resource "kind.code"
    /// ("lane.red"), or the code itself where no resource names it.
    /// </summary>
    public static string Code(this IStringLocalizer text, string kind, string code)
        => text[$"{kind}.{code}"] is { ResourceNotFound: false } found ? found.Value : code;

    /// <summary>The cookie value for a language, valid for a year.</summary>
    public static void Remember(HttpResponse response, Language language)
        => response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language.Culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });

    internal sealed class InvariantFormValueProviderFactory : IValueProviderFactory
    {
        public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
        {
            var request = context.ActionContext.HttpContext.Request;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync();
                context.ValueProviders.Add(new FormValueProvider(BindingSource.Form, form, CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>The pages' text: its resources are UiText.resx (English, the keys) and UiText.{culture}.resx beside it.</summary>
public sealed class UiText;
