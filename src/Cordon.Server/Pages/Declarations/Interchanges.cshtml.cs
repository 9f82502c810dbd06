using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Cordon.TradeMessages;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Declarations;

/// <summary>The UN/EDIFACT interchanges the reader's agency received, with the answers sent back to their senders.</summary>
public sealed class InterchangesModel(CordonDb db) : PageModel
{
    public TableQuery Table { get; private set; } = null!;
    public ReceivedInterchangePage Result { get; private set; } = new([], 1, 10, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "received", pageSize: 10, defaultDescending: true);
        Result = await ReceivedInterchanges.ListAsync(db, Actor.FromPrincipal(User), Table.Page, Table.PageSize, ct);
        Table.Counted(Result.Total);
    }
}
