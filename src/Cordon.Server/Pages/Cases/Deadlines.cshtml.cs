using Cordon.Cases;
using Cordon.Storage;

namespace Cordon.Server.Pages.Cases;

public sealed class DeadlinesModel(CordonDb db) : CasePage(db)
{
    public List<Deadline> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await Deadlines.ListAsync(Db, await PolicyAsync(ct), DateTimeOffset.UtcNow, ct);
}
