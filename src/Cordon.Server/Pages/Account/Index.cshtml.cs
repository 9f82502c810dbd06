using Cordon.Server.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Account;

/// <summary>The user's own page: the language the pages speak to them, and the ways to their password and second factor.</summary>
public sealed class IndexModel : PageModel
{
    [BindProperty] public string? Culture { get; set; }
    public bool Saved { get; private set; }

    public void OnGet(bool saved = false) => Saved = saved;

    public IActionResult OnPost()
    {
        if (Languages.Find(Culture) is not { } language || !string.Equals(language.Culture, Culture, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(Culture), $"Language '{Culture}' is not offered: choose one of {string.Join(", ", Languages.All.Select(l => l.Culture))}.");
            return Page();
        }
        Languages.Remember(Response, language);
        // A redirect, so the page comes back already in the new language (the culture is read per request).
        return Redirect("/account?saved=true");
    }
}
