using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Cases;

/// <summary>The former inspection worklist: officers have one worklist now, with the inspections on it; old links and bookmarks land there.</summary>
public sealed class InspectionsModel : PageModel
{
    public IActionResult OnGet(string? status)
        => Redirect(string.IsNullOrEmpty(status) ? "/risk/worklist#inspections" : $"/risk/worklist?status={Uri.EscapeDataString(status)}#inspections");
}
