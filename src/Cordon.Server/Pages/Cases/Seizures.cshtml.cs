using Cordon.Cases;
using Cordon.Storage;

namespace Cordon.Server.Pages.Cases;

public sealed class SeizuresModel(CordonDb db) : CasePage(db)
{
    public List<Seizures.SeizureRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await Seizures.ListAsync(Db, await PolicyAsync(ct), null, ct);
}
