using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Consignments;

public sealed class IndexModel(CordonDb db) : PageModel, Cordon.Server.Ui.IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true)] public string? Container { get; set; }
    /// <summary>The page from the query string (not bound: "page" is also Razor Pages' route value).</summary>
    public Cordon.Server.Ui.TableQuery Table { get; private set; } = null!;

    public ConsignmentQueries.ConsignmentPage Result { get; private set; } = new([], 1, 50, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        Result = await ConsignmentQueries.ListAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct),
            new ConsignmentQueries.ConsignmentFilter(Office, Reference, Container), Table.Page, Table.PageSize, ct);
        Table.Counted(Result.Total);
    }

    /// <summary>A refused filter (RefusalsOnTheForm shows it beside the field): the empty list under the filters.</summary>
    public Task ReloadAsync(CancellationToken ct)
    {
        Table = new Cordon.Server.Ui.TableQuery(Request, "arrival", pageSize: 50, defaultDescending: true);
        return Task.CompletedTask;
    }
}
