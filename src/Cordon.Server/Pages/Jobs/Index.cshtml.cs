using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Jobs;

public sealed class IndexModel(CordonDb db) : PageModel
{
    public sealed record Row(JobView View)
    {
        public bool IsFinishedView => View.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
    }

    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await JobQueue.CancelAsync(db, Actor.FromPrincipal(User), id, ct);
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "created");
        var jobs = await JobQueue.ListAsync(db, Actor.FromPrincipal(User), 1000, ct);
        // Newest first unless the user sorts otherwise.
        var descending = string.IsNullOrEmpty(Request.Query["sort"]);
        Rows = Table.Apply(jobs.Select(j => new Row(j)), new Dictionary<string, Func<Row, IComparable?>>
        {
            ["created"] = r => descending ? -r.View.CreatedAt.UtcTicks : r.View.CreatedAt.UtcTicks,
            ["title"] = r => r.View.Title,
            ["status"] = r => r.View.Status.ToString(),
        });
    }
}
