using Cordon.Common;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Sharing;

/// <summary>Receives the marking form of any detail page, changes marking and caveats, and returns to the page with the outcome.</summary>
public sealed class MarkingModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? recordType, Guid id, string? marking, string[]? caveats, string? reason, string? returnUrl, CancellationToken ct)
    {
        try
        {
            var view = await Markings.ChangeAsync(db, Actor.FromPrincipal(User), recordType ?? "", id, new MarkingChange(marking, caveats ?? [], reason), ct);
            TempData["marking.message"] = text["Marking {0}, caveats: {1}.", view.Marking, view.Caveats.Length == 0 ? text["none"] : string.Join(", ", view.Caveats.Select(c => text.Code("caveat", c)))].Value;
        }
        catch (CordonException e) when (e is ValidationFailed or Forbidden or Cordon.Common.NotFound)
        {
            TempData["marking.error"] = e is ValidationFailed v ? string.Join(" ", text.SayFields(v).SelectMany(x => x.Value)) : text.Say(e);
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
