using Cordon.Declarations;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Declarations;

public sealed class IndexModel(CordonDb db) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string? Importer { get; set; }
    [BindProperty(SupportsGet = true)] public string? Declarant { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hs { get; set; }
    [BindProperty(SupportsGet = true)] public string? Origin { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }

    public DeclarationPage Result { get; private set; } = new([], 1, 50, 0);
    /// <summary>Page and sort from the query string (not bound: "page" is also Razor Pages' route value).</summary>
    public TableQuery Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        var filter = DeclarationFilter.Parse(From, To, Office, Importer, Declarant, Hs, Origin, Number);
        var sort = DeclarationQueries.SortColumns.Contains(Table.Sort) ? Table.Sort : "lodged";
        Result = await DeclarationQueries.ListAsync(db, await Cordon.Sharing.RequestPurpose.PolicyAsync(HttpContext, db, ct), filter, Table.Page, Table.PageSize, ct,
            sort, Table.Descending);
        Table.Counted(Result.Total);
    }

    /// <summary>A refused filter (RefusalsOnTheForm shows it beside the field): the empty list under the filters.</summary>
    public Task ReloadAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "lodged", pageSize: 50, defaultDescending: true);
        return Task.CompletedTask;
    }

    /// <summary>The current filters as the export's query string.</summary>
    public string Query()
    {
        var values = new Dictionary<string, string?>
        {
            ["from"] = From, ["to"] = To, ["office"] = Office, ["importer"] = Importer, ["declarant"] = Declarant, ["hs"] = Hs, ["origin"] = Origin, ["number"] = Number,
        };
        return string.Join("&", values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }
}
