using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Cordon.Server.Pages.Sharing;

/// <summary>What the marking form shows: the record and its current marking and caveats.</summary>
public sealed record MarkingFormModel(string RecordType, Guid Id, Tlp Marking, Caveats Caveats, bool HasCaveats, string ReturnUrl, string? Message, string? Error);

/// <summary>
/// The owner's form to change a record's marking and caveats, on any detail page:
/// <c>@await Component.InvokeAsync("MarkingForm", new { recordType = RecordTypes.Seizure, id })</c>.
/// Shows nothing to readers of other agencies or without a role that may change markings. Posts to /sharing/marking.
/// </summary>
public sealed class MarkingFormViewComponent(CordonDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string recordType, Guid id)
    {
        var actor = Actor.FromPrincipal(UserClaimsPrincipal);
        if (!Markings.Changeable.TryGetValue(recordType, out var type) || (actor.Roles & Markings.MayChange) == 0
            || await db.FindAsync(type, id) is not IOwnedRecord record || record.OwningAgencyId != actor.AgencyId)
        {
            return Content("");
        }
        var caveats = record is ICaveatedRecord c ? c.Caveats : Caveats.None;
        var returnUrl = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View(new MarkingFormModel(recordType, id, record.Marking, caveats, record is ICaveatedRecord, returnUrl,
            TempData["marking.message"] as string, TempData["marking.error"] as string));
    }
}
