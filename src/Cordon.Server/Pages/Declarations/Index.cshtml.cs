using Cordon.Common;
using Cordon.Declarations;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Declarations;

public sealed class IndexModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string? Importer { get; set; }
    [BindProperty(SupportsGet = true)] public string? Declarant { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hs { get; set; }
    [BindProperty(SupportsGet = true)] public string? Origin { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public DeclarationPage Result { get; private set; } = new([], 1, 50, 0);
    public int Pages => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            var filter = DeclarationFilter.Parse(From, To, Office, Importer, Declarant, Hs, Origin, Number);
            Result = await DeclarationQueries.ListAsync(db, await Cordon.Sharing.RequestPurpose.PolicyAsync(HttpContext, db, ct), filter, PageNumber, 50, ct);
        }
        catch (ValidationFailed e)
        {
            Ui.ModelStateErrors.AddCordonError(ModelState, e);
        }
    }

    /// <summary>The current filters with another page (or as the export's query string).</summary>
    public string Query(int? page = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["from"] = From, ["to"] = To, ["office"] = Office, ["importer"] = Importer, ["declarant"] = Declarant, ["hs"] = Hs, ["origin"] = Origin, ["number"] = Number,
            ["page"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return string.Join("&", values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }
}
